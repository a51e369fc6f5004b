"""Who may do what with an article: the one rule book for the workflow and the admin.

Roles come from ``accounts.roles`` (the Writers and Moderators groups; superusers count
as moderators). Writers work on their own articles only and only while they are drafts
or sent back; moderators see and edit everything and decide what is published.
"""

from accounts.roles import is_moderator, is_writer
from articles.models import Article

__all__ = [
    "WRITER_EDITABLE_STATUSES",
    "can_change_article",
    "can_change_author",
    "can_delete_article",
    "can_pick_top_news",
    "can_restore_revisions",
    "can_view_article",
    "can_write_articles",
    "is_moderator",
    "is_writer",
]

# A writer may change their article while it is still theirs to work on.
WRITER_EDITABLE_STATUSES = frozenset({Article.Status.DRAFT, Article.Status.REJECTED})


def _is_staff(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def is_author(user, article):
    return getattr(user, "is_authenticated", False) and article.author_id == user.pk


def can_write_articles(user):
    """Writers and moderators may open the article admin and start new articles."""
    return _is_staff(user) and (is_writer(user) or is_moderator(user))


def can_view_article(user, article):
    """Moderators see every article; a writer sees their own."""
    if not can_write_articles(user):
        return False
    return is_moderator(user) or is_author(user, article)


def can_change_article(user, article):
    """Moderators edit any article; a writer edits their own draft or rejected article."""
    if not can_write_articles(user):
        return False
    if is_moderator(user):
        return True
    return is_author(user, article) and article.status in WRITER_EDITABLE_STATUSES


def can_delete_article(user, article=None):
    """Only moderators delete articles; a writer withdraws instead."""
    return _is_staff(user) and is_moderator(user)


def can_pick_top_news(user):
    """Top News picks belong to moderators (the ``pick_top_news`` permission)."""
    return _is_staff(user) and (user.is_superuser or user.has_perm("articles.pick_top_news"))


def can_change_author(user):
    """Only moderators may put an article under another writer's name."""
    return _is_staff(user) and is_moderator(user)


def can_restore_revisions(user):
    """Moderators read the full history of an article and restore an older version."""
    return _is_staff(user) and is_moderator(user)
