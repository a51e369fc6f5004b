from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "media"
    verbose_name = _("Pictures")

    def ready(self):
        # Connects the receiver that deletes a picture's files with its row.
        from media import receivers  # noqa: F401
