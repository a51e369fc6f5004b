from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        # Registers the deploy check that refuses demo passwords in production.
        # And the receivers that purge the corrections log when a notice changes.
        from publishing import checks, receivers  # noqa: F401
