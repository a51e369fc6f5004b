from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Connects the receivers: login/logout marks responses for Clear-Site-Data, and the
        # audit log records staff logins, second-factor and role changes.
        # It also confirms the address of a new superuser.
        # Registers the check of the throttle rates.
        from accounts import (  # noqa: F401
            audit,
            checks,
            receivers,
        )
