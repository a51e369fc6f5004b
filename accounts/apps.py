from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Connects the login/logout receivers that mark responses for Clear-Site-Data.
        from accounts import middleware  # noqa: F401
