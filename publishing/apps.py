from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        # Registers the deploy check that refuses demo passwords in production.
        from publishing import checks  # noqa: F401
