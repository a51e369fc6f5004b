"""When something readers see changes, the cached public pages that show it are purged.

This is the one place that decides it, for every way of saving: the publishing service,
the admin, a management command, a shell or a test using the ORM. Receivers listen to the
models whose fields appear on public pages (articles and their tags, sections, the site
settings, pictures, author profiles, tag names) and schedule one purge for after the
transaction commits, however many rows the transaction touched. A rolled-back transaction
purges nothing.

The purge itself is split: this process forgets its own copies of pages at once (no I/O),
and a worker runs ``articles.tasks.purge_public_pages`` for the shared cache (and the edge),
so a slow or unreachable cache never holds up the request that saved.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from accounts.models import AuthorProfile
from articles import tasks
from articles.caching import forget_local_pages
from articles.models import Article, Section
from masthead.models import SiteSettings
from media.models import Image


class _Purge:
    """An on-commit purge; the purges scheduled in one transaction share ``done``, so the
    first to run purges and the others find the work done."""

    def __init__(self, done):
        self.done = done

    def __call__(self):
        if not self.done:
            self.done.append(True)
            forget_local_pages()
            tasks.purge_public_pages.enqueue()


def purge_after_commit():
    """Purge the public pages once the current transaction commits (at once outside one),
    exactly once however many changes the transaction made."""
    connection = transaction.get_connection()
    pending = [
        function for _, function, _ in connection.run_on_commit if isinstance(function, _Purge)
    ]
    # robust: a queue that cannot take the purge is logged; the saved change stands.
    transaction.on_commit(_Purge(pending[0].done if pending else []), robust=True)


def _touches_public_pages(article):
    # Published now, or published when it was loaded: an unpublish must purge as well.
    return Article.Status.PUBLISHED in (article.status, article.loaded_status)


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
def article_changed(sender, instance, **kwargs):
    if _touches_public_pages(instance):
        purge_after_commit()


@receiver(m2m_changed, sender=Article.tags.through)
def article_tags_changed(sender, instance, action, **kwargs):
    public = isinstance(instance, Article) and _touches_public_pages(instance)
    if action.startswith("post_") and public:
        purge_after_commit()


@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
@receiver(post_save, sender=SiteSettings)
@receiver(post_save, sender=Image)
@receiver(post_delete, sender=Image)
@receiver(post_save, sender=AuthorProfile)
@receiver(post_delete, sender=AuthorProfile)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def shown_on_public_pages(sender, **kwargs):
    purge_after_commit()
