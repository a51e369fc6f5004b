from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Connects the login/logout receivers that mark responses for Clear-Site-Data, and
        # the one that confirms a new superuser's address.
        from accounts import receivers  # noqa: F401
