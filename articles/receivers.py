"""Copies the articles app keeps of other apps' data, kept current by receivers."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import AuthorProfile
from articles.models import Article


@receiver(post_save, sender=AuthorProfile)
def follow_renamed_author(sender, instance, raw=False, **kwargs):
    """The byline stored on each article for search follows a renamed author."""
    if raw:
        return
    Article.objects.filter(author_id=instance.user_id).exclude(
        author_name=instance.display_name
    ).update(author_name=instance.display_name)
