from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    """Work done outside the request: retries and dead letters, mail sent once, queue watch."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "background"
    verbose_name = _("Background work")
