from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "media"
    verbose_name = "Pictures"

    def ready(self):
        # Connects the receiver that deletes a picture's files with its row.
        from media import receivers  # noqa: F401
