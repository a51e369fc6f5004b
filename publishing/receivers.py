"""A correction or clarification added, changed or removed purges the corrections log and
its feed (the article page itself is purged by the article's own save)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.invalidation import purge_after_commit
from publishing.models import Correction


@receiver(post_save, sender=Correction)
@receiver(post_delete, sender=Correction)
def correction_changed(sender, instance, **kwargs):
    purge_after_commit(["corrections", f"a{instance.article_id}"])
