"""When something readers see changes, the cached public pages that show it are purged.

This is the one place that decides it, for every way of saving: the publishing service,
the admin, a management command, a shell or a test using the ORM. Receivers listen to the
models whose fields appear on public pages (articles and their tags, sections, the site
settings, pictures, author profiles, tag names), work out which surrogate keys the change
touches (docs/deploy.md lists them) and collect them for the transaction. When it commits,
one purge of all those keys runs: in our page cache at once, at the edge caches through
``articles.edge``. A rolled-back transaction purges nothing.

An article change touches its own page (``a<id>``), the listings it is or was on (its
section ``s<id>``, tags ``t<id>``, author ``u<id>``, month ``m<yyyy-mm>``, search and
sitemaps) and the front page, Latest News and Top News only when it is or was on them. An
article that goes public, is withdrawn or redated also touches the pages that show its
author's newest ("More news from", ``w<author id>``). A
change to what every page shows (sections, the site settings, a tag or author renamed, a
picture in use) purges the site key ``all``.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from taggit.models import Tag

from accounts.models import AuthorProfile
from articles import edge, tasks
from articles.caching import SITE_KEY, is_listed, purge_keys
from articles.feeds import ITEMS_PER_FEED
from articles.models import Article, Section
from masthead.models import SiteSettings
from media.models import Image

# The longest Latest News listing carrying the ``latest`` key (the latest feeds; the front
# page's sidebar is shorter).
LATEST_LENGTH = ITEMS_PER_FEED


class _Purge:
    """An on-commit purge. The purges scheduled in one transaction share one set of keys:
    the first to run purges them all and empties it, the others find nothing left."""

    def __init__(self, keys):
        self.keys = keys

    def __call__(self):
        keys = set(self.keys)
        self.keys.clear()
        if keys:
            purge_keys(keys)
            failed = edge.purge(keys)
            if failed:
                tasks.purge_edge.enqueue(sorted(keys), failed)


def purge_after_commit(keys):
    """Purge ``keys`` once the current transaction commits (at once outside one), in one
    purge with every other key the transaction touched."""
    keys = set(keys)
    if not keys:
        return
    connection = transaction.get_connection()
    pending = [
        function.keys
        for _, function, _ in connection.run_on_commit
        if isinstance(function, _Purge) and function.keys
    ]
    shared = pending[0] if pending else set()
    shared |= keys
    # robust: a purge that fails is logged; the saved change stands.
    transaction.on_commit(_Purge(shared), robust=True)


def _is_public(state):
    return state.get("status") == Article.Status.PUBLISHED


def _is_on_latest(article):
    """Whether ``article`` is among the newest public articles that Latest News lists."""
    newer = Article.objects.latest().filter(published_at__gt=article.published_at)
    return article.published_at is not None and newer.count() < LATEST_LENGTH


def article_keys(article, deleted=False, appearing=False):
    """The keys of the public pages a change to ``article`` touches (none for a draft that
    was never public); ``appearing``: the pages a scheduled article joins when its time
    comes, as if it had just been published."""
    before = {} if appearing else article.loaded_state or {}
    now = {name: article.__dict__.get(name) for name in Article.PAGE_FIELDS}
    if deleted:
        now["status"] = None
    if not (_is_public(before) or _is_public(now)):
        return set()
    keys = {f"a{article.pk}", "search", "sitemap"}
    for state in (before, now):
        if state.get("section_id"):
            keys.add(f"s{state['section_id']}")
        if state.get("author_id"):
            keys.add(f"u{state['author_id']}")
        if state.get("published_at"):
            keys.add(f"m{state['published_at']:%Y-%m}")
    keys |= {f"t{tag_id}" for tag_id in article.tags.values_list("pk", flat=True)}
    moved = _is_public(before) != _is_public(now) or before.get("published_at") != now.get(
        "published_at"
    )
    if moved:
        # Newly public, withdrawn or redated: the lists ordered by date change, the author's
        # "More news from" among them.
        keys |= {"archive", "latest", "front"}
        keys |= {f"w{state['author_id']}" for state in (before, now) if state.get("author_id")}
    else:
        if _is_on_latest(article):
            keys.add("latest")
        if is_listed("front", article.pk):
            keys.add("front")
    if before.get("top_rank") != now.get("top_rank") or is_listed("top", article.pk):
        keys |= {"top", "front"}
    return keys


@receiver(post_save, sender=Article)
def article_saved(sender, instance, **kwargs):
    purge_after_commit(article_keys(instance))
    scheduled = instance.status == Article.Status.PUBLISHED and not instance.is_public
    # (A backend that cannot wait, the unit tests' immediate one, gets no such task.)
    if scheduled and tasks.purge_when_public.get_backend().supports_defer:
        # Scheduled: no save happens when its time comes, so a task purges then the pages
        # it joins (the page cache keeps pages until a purge: PUBLIC_PAGE_KEEP_SECONDS).
        when = instance.published_at
        transaction.on_commit(
            lambda: tasks.purge_when_public.using(run_after=when).enqueue(
                instance.pk, when.isoformat()
            ),
            robust=True,
        )


@receiver(pre_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    # Before the delete, while its tags can still be read.
    purge_after_commit(article_keys(instance, deleted=True))


@receiver(m2m_changed, sender=Article.tags.through)
def article_tags_changed(sender, instance, action, pk_set, **kwargs):
    if not (isinstance(instance, Article) and _is_public(instance.loaded_state or {})):
        return
    if action == "pre_clear":
        pk_set = set(instance.tags.values_list("pk", flat=True))
    elif action not in ("post_add", "post_remove"):
        return
    keys = {f"a{instance.pk}", "search", "sitemap", *(f"t{pk}" for pk in pk_set or ())}
    if is_listed("front", instance.pk):
        keys.add("front")
    purge_after_commit(keys)


@receiver(post_save, sender=Section)
@receiver(post_delete, sender=Section)
@receiver(post_save, sender=SiteSettings)
def shown_on_every_page(sender, **kwargs):
    purge_after_commit([SITE_KEY])


@receiver(post_save, sender=Tag)
@receiver(post_save, sender=AuthorProfile)
def renamed(sender, created, **kwargs):
    # A new tag or author is on no page yet: the article that gets it purges its keys.
    if not created:
        purge_after_commit([SITE_KEY])


@receiver(post_delete, sender=Tag)
@receiver(post_delete, sender=AuthorProfile)
@receiver(post_delete, sender=Image)
def deleted(sender, **kwargs):
    purge_after_commit([SITE_KEY])


@receiver(post_save, sender=Image)
def picture_changed(sender, instance, created, **kwargs):
    # A fresh upload is on no page until an article uses it (and that save purges).
    if not created and Article.objects.published().showing_image(instance).exists():
        purge_after_commit([SITE_KEY])
