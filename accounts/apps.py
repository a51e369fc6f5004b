from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Connects the receivers: login/logout marks responses for Clear-Site-Data, and the
        # audit log records staff logins, second-factor and role changes.
        from accounts import audit, middleware  # noqa: F401
