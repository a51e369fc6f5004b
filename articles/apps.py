from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from taggit.models import Tag

        # Connects the receivers that purge cached public pages when what they show changes,
        # and those that keep the byline copied onto articles current.
        from articles import invalidation, receivers  # noqa: F401
        from articles.tags import give_tag_an_ascii_slug

        # taggit's Tag cannot take our slug rule as a method; it runs before each save.
        pre_save.connect(give_tag_an_ascii_slug, sender=Tag, dispatch_uid="tag-ascii-slug")
