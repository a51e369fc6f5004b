"""Who may do what with an article: the one rule book for querysets, the workflow and the admin.

Roles are permissions (``accounts.roles``): a writer may add articles, a moderator may
moderate them, and groups only bundle those permissions. This module adds what a role may
do with one article. Each rule that depends on the article exists twice, side by side: as a
check of one article (``can_moderate``) and as a filter of many (``moderation_scope``, used
by ``Article.objects.visible_to``/``editable_by``). Change both together, here, and every
admin page, list, preview and workflow step follows (docs/architecture.md has an example).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.models import PICK_TOP_NEWS
from accounts.roles import has_admin_access, is_moderator, is_writer
from articles.choices import Status

ADD_CORRECTION = "publishing.add_correction"

# Filters that match every row and none. (Not ``Q()``: an empty Q vanishes when combined
# with ``|``, so ``Q(author=user) | Q()`` would mean only ``Q(author=user)``.)
EVERY_ROW = Q(pk__isnull=False)
NO_ROW = Q(pk__in=[])

# A writer may change their article while it is still theirs to work on.
WRITER_EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.REJECTED})
# A writer may throw away their own draft: never what was submitted, scheduled or published.
WRITER_DELETABLE_STATUSES = frozenset({Status.DRAFT})


def is_author(user, article):
    return bool(getattr(user, "is_authenticated", False) and article.author_id == user.pk)


def can_write_articles(user):
    """Writers and moderators with admin access may open the article admin and start new
    articles."""
    return has_admin_access(user) and (is_writer(user) or is_moderator(user))


def can_moderate(user, article=None):
    """Whether ``user`` may review, publish, schedule, reject and unpublish ``article``
    (or, with no article, articles in general)."""
    return has_admin_access(user) and is_moderator(user)


def moderation_scope(user):
    """The articles ``user`` moderates, as a filter (the many-article twin of
    ``can_moderate``)."""
    return EVERY_ROW if can_moderate(user) else NO_ROW


def visible_scope(user):
    """What ``user`` may open: the public for everyone; their own and what they moderate
    for staff (previews). Combine with ``Article.objects.published()`` for the public."""
    if not can_write_articles(user):
        return NO_ROW
    return Q(author=user) | moderation_scope(user)


def editable_scope(user):
    """What ``user`` may change: their own drafts and sent-back articles, and what they
    moderate."""
    if not can_write_articles(user):
        return NO_ROW
    return Q(author=user, status__in=WRITER_EDITABLE_STATUSES) | moderation_scope(user)


def can_view_article(user, article):
    """Moderators see the articles they moderate; a writer sees their own."""
    if not can_write_articles(user):
        return False
    return can_moderate(user, article) or is_author(user, article)


def can_change_article(user, article):
    """Moderators edit what they moderate; a writer edits their own draft or sent-back
    article."""
    if not can_write_articles(user):
        return False
    if can_moderate(user, article):
        return True
    return is_author(user, article) and article.status in WRITER_EDITABLE_STATUSES


def can_delete_article(user, article=None):
    """Moderators delete the articles they moderate; a writer deletes their own drafts, never
    a submitted, scheduled or published article and never another writer's. (With no
    article: whether ``user`` may delete some article.)"""
    if not can_write_articles(user):
        return False
    if can_moderate(user, article):
        return True
    if article is None:
        return True
    return is_author(user, article) and article.status in WRITER_DELETABLE_STATUSES


def deletable_scope(user):
    """What ``user`` may delete, as a filter (the many-article twin of
    ``can_delete_article``)."""
    if not can_write_articles(user):
        return NO_ROW
    return Q(author=user, status__in=WRITER_DELETABLE_STATUSES) | moderation_scope(user)


def can_pick_top_news(user):
    """Top News picks need their own permission (``articles.pick_top_news``)."""
    return has_admin_access(user) and user.has_perm(PICK_TOP_NEWS)


def can_add_correction(user, article=None):
    """Corrections and clarifications need their own permission
    (``publishing.add_correction``, granted to Moderators), and a published article."""
    if not (has_admin_access(user) and user.has_perm(ADD_CORRECTION)):
        return False
    return article is None or article.status == Status.PUBLISHED


def can_change_author(user, article=None):
    """Only moderators may put an article under another writer's name."""
    return can_moderate(user, article)


def can_restore_revisions(user, article=None):
    """Moderators read the full history of an article and restore an older version."""
    return can_moderate(user, article)


def can_read_history(user, article):
    """Whoever may open an article reads its saved versions and compares two of them: its
    writer (their own words and the desk's edits to them) and its moderators."""
    return can_view_article(user, article)


def can_see_rejection_report(user):
    """The report of rejection reasons per writer is the desk's: moderators only."""
    return can_moderate(user)


def can_manage_image(user, image):
    """Writers handle the pictures they uploaded; moderators every picture."""
    if not can_write_articles(user):
        return False
    return can_moderate(user) or image.uploaded_by_id == user.pk


def can_delete_image(user, image=None):
    """Writers delete the pictures they uploaded, moderators any picture (its twin filter is
    ``image_scope``). A picture still shown by an article is refused whoever asks
    (``publishing.services.delete_image``). With no picture: whether ``user`` may delete
    some picture."""
    if image is None:
        return can_write_articles(user)
    return can_manage_image(user, image)


def image_scope(user):
    """The pictures ``user`` may see and pick (the many-image twin of ``can_manage_image``)."""
    if not can_write_articles(user):
        return NO_ROW
    return EVERY_ROW if can_moderate(user) else Q(uploaded_by=user)


def moderators_for(article):
    """Who hears of a submission: every moderator of ``article``."""
    return get_user_model().objects.moderators()


def can_share_preview(user, article):
    """Whoever may open an article (its writer, its moderators) may give someone without an
    account a share link to its preview, and revoke it."""
    return can_view_article(user, article)
