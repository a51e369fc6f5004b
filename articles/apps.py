from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        # Connects the receivers that purge cached public pages when what they show changes.
        from articles import invalidation  # noqa: F401
