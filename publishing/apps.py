from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        # Registers the deploy check that refuses demo passwords in production.
        # And the receivers that purge the corrections log when a notice changes.
        from publishing import checks, receivers  # noqa: F401
