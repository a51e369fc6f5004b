"""Share links: an unpublished article's preview for someone without an account.

A writer or moderator makes one from the article form. The link expires (48 hours unless
they choose otherwise), can be revoked, and stops working once readers can see the article
at its own address. The page it opens is the preview with a "not published" banner,
``noindex``, and no trace of whoever opens it (``publishing.views.shared_preview``).
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from articles.permissions import can_share_preview
from publishing.models import ShareLink

DEFAULT_HOURS = 48
MAX_HOURS = 30 * 24


class ShareRefused(Exception):
    """A share link the user may not make or revoke; ``str(error)`` says why."""


def create(article, user, *, hours=DEFAULT_HOURS):
    """A new share link to ``article``'s preview, working for ``hours``."""
    if not can_share_preview(user, article):
        raise ShareRefused(_("You cannot share “%(title)s”.") % {"title": article.title})
    if article.is_public:
        raise ShareRefused(
            _("“%(title)s” is published: share its address instead.") % {"title": article.title}
        )
    if not 1 <= hours <= MAX_HOURS:
        raise ShareRefused(
            _("A share link lasts from 1 hour to %(days)d days.") % {"days": MAX_HOURS // 24}
        )
    return ShareLink.objects.create(
        article=article, created_by=user, expires_at=timezone.now() + timedelta(hours=hours)
    )


def revoke(link, user):
    """Stop ``link`` working now (revoking twice keeps the first time)."""
    if not can_share_preview(user, link.article):
        raise ShareRefused(_("You cannot revoke this share link."))
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.revoked_by = user
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link


def why_closed(link):
    """Why ``link`` no longer shows its preview, as a sentence; empty while it works."""
    if link.is_revoked:
        return _("This preview link was revoked by the newsroom.")
    if link.article.is_public:
        return _("This article is now published.")
    if link.is_expired:
        return _("This preview link expired on %(when)s.") % {
            "when": timezone.localtime(link.expires_at).strftime("%d %B %Y, %H:%M")
        }
    return ""
