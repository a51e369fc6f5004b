"""The one way an article is written: create, edit, transition, restore, import, delete,
correct (a correction or clarification on a published article), and pick Top News.

The admin, the workflow, the revision screen, management commands and tests call these
functions; nothing else saves an ``Article``. Each one checks the acting user's permission
(``articles.permissions``), locks the row, and does every side effect exactly once:

- the body is sanitised (``articles.sanitize``);
- ``version`` goes up by one and ``updated_by`` names the user (the optimistic lock);
- the tags are set and their names copied onto the row for search (``tag_names``);
- a published article's "Related" articles are chosen and stored on the row
  (``Article.refresh_related``), so its page does not rank them on every render;
- a public article whose section or slug changed keeps its old address as a 301;
- one revision is kept (django-reversion), with a comment saying what happened.

The cached public pages are purged by ``articles.invalidation`` (receivers on the models,
once per transaction, after it commits) and the workflow's mail is sent by
``publishing.workflow`` after the commit, so a failure there cannot undo a saved article.
"""

import reversion
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.models import Article, ArticleRedirect
from articles.permissions import (
    can_add_correction,
    can_change_article,
    can_change_author,
    can_delete_article,
    can_delete_image,
    can_moderate,
    can_pick_top_news,
    can_restore_revisions,
    can_write_articles,
)
from articles.sanitize import sanitize_body
from articles.search import learn_words
from media.models import Image
from newsroom.timezones import local_time, newsroom_zone
from publishing.models import Claim, Correction, TransitionLog

Status = Article.Status


class WriteRefused(Exception):
    """A write the user may not make; ``str(error)`` is the sentence to show."""


class StaleEdit(WriteRefused):
    """Somebody saved the article after the editor opened it; ``current`` is their version."""

    def __init__(self, current):
        self.current = current
        who = current.updated_by.display_name if current.updated_by else _("Someone")
        when = local_time(current.updated_at)
        super().__init__(
            _(
                "%(who)s changed this article on %(when)s, after you opened it, so it was not "
                "saved. Your text is still in the form below. Open the article in another tab "
                "to see their version; saving this form again will replace their changes."
            )
            % {"who": who, "when": when}
        )


def lock(article_or_pk):
    """The article's row, locked until the surrounding transaction ends."""
    pk = getattr(article_or_pk, "pk", article_or_pk)
    return (
        Article.objects.select_for_update(of=("self",))
        .select_related("section", "updated_by__profile")
        .get(pk=pk)
    )


def check_version(article_or_pk, known_version):
    """Refuse with ``StaleEdit`` unless ``known_version`` is the row's version (locks it)."""
    current = lock(article_or_pk)
    if known_version != current.version:
        raise StaleEdit(current)
    return current


def create_article(article, user, *, tags=()):
    """Save a new article as a draft of ``user`` (or of the author a moderator chose)."""
    if not can_write_articles(user):
        raise WriteRefused(_("You cannot write articles."))
    if not (article.author_id and can_change_author(user)):
        article.author = user
    article.status = Status.DRAFT
    article.version = 0
    with transaction.atomic(), reversion.create_revision():
        _write(article, user, tags=tags, comment=_("Created by %(user)s.") % _name(user))
    return article


def edit_article(article, user, *, tags=None, known_version=None):
    """Save the changes made to ``article`` (never its status: that is the workflow's).

    With ``known_version`` (the version the editor started from), a save made by someone
    else in between refuses this one with ``StaleEdit``.
    """
    with transaction.atomic(), reversion.create_revision():
        current = lock(article)
        if not can_change_article(user, current):
            raise WriteRefused(_("You cannot change “%(title)s”.") % {"title": current.title})
        if known_version is not None and known_version != current.version:
            raise StaleEdit(current)
        if article.author_id != current.author_id and not can_change_author(user, current):
            article.author_id = current.author_id
        article.status = current.status
        article.version = current.version
        old_path = _old_public_path(current, article)
        _write(article, user, tags=tags, comment=_("Edited by %(user)s.") % _name(user))
        if old_path:
            remember_old_address(article, old_path)
        if current.is_public and article.published_at != current.published_at:
            # Readers saw the old time: moving it is a correction they are told about.
            Correction.objects.create(
                article=article,
                kind=Correction.Kind.CORRECTION,
                text=_("The publication time was changed from %(old)s to %(new)s.")
                % {
                    "old": local_time(current.published_at, newsroom_zone()),
                    "new": local_time(article.published_at, newsroom_zone()),
                },
                created_by=user,
            )
    return article


def add_correction(article, user, *, kind, text, position=Correction.Position.BOTTOM):
    """Add a correction or clarification to a published article, without a review round.

    The article is saved as well (a new version, "Correction added by …"), so its
    modification time, its cached pages and its history all show the change.
    """
    text = (text or "").strip()
    if not text:
        raise WriteRefused(_("Please write the text of the correction or clarification."))
    if kind not in Correction.Kind.values or position not in Correction.Position.values:
        raise WriteRefused(_("Choose whether it is a correction or a clarification, and where."))
    with transaction.atomic(), reversion.create_revision():
        locked = lock(article)
        if not can_add_correction(user, locked):
            if locked.status != Status.PUBLISHED and can_add_correction(user):
                raise WriteRefused(
                    _("Only a published article can get a correction; edit “%(title)s” instead.")
                    % {"title": locked.title}
                )
            raise WriteRefused(_("You cannot add corrections to articles."))
        correction = Correction.objects.create(
            article=locked, kind=kind, text=text, position=position, created_by=user
        )
        comment = _("%(kind)s added by %(user)s.") % {
            "kind": correction.get_kind_display(),
            **_name(user),
        }
        _write(locked, user, tags=None, comment=comment)
    return correction


def apply_transition(article, user, name, target, *, note="", reason="", changes=None, comment=""):
    """Move ``article`` to ``target`` (called by ``publishing.workflow``, which has checked
    the rule), with the field ``changes`` the step brings and one ``TransitionLog`` row.

    The step's revision and its log row share one time, so the article as it was at the
    step (say, when it was sent back) is found again (``revisions.version_at_step``).
    """
    with transaction.atomic(), reversion.create_revision():
        now = timezone.now()
        reversion.set_date_created(now)
        locked = lock(article)
        from_status = locked.status
        for field, value in (changes or {}).items():
            setattr(locked, field, value)
        locked.status = target
        _write(locked, user, tags=None, comment=comment)
        if target != Status.SUBMITTED:
            Claim.objects.filter(article=locked).delete()  # decided: nobody holds it now
        TransitionLog.objects.create(
            article=locked,
            actor=user,
            action=name,
            from_status=from_status,
            to_status=target,
            note=note,
            reason=reason,
            created_at=now,
        )
        if locked.is_public:
            # "Did you mean" learns the words of what readers can now find. A scheduled
            # article's words wait for its time: ``rebuild_search_terms`` adds them.
            learn_words(locked)
    article.__dict__.update(
        {field.attname: getattr(locked, field.attname) for field in Article._meta.concrete_fields}
    )
    article.loaded_status = locked.status
    article.loaded_state = locked.loaded_state
    return article, from_status


def restore_revision(article, content, user, *, when):
    """Bring back the writing of an older version (``publishing.revisions``) as a new save.

    Only the writing comes back (kind, headline, summary, body, picture, tags): status,
    publication time and address stay as they are.
    """
    with transaction.atomic(), reversion.create_revision():
        locked = lock(article)
        if not can_restore_revisions(user, locked):
            raise WriteRefused(_("Only a moderator can restore an older version."))
        for field, value in content["fields"].items():
            setattr(locked, field, value)
        _write(
            locked,
            user,
            tags=content["tag_names"],
            comment=_("Restored the version of %(when)s.") % {"when": when},
        )
    return locked


def import_article(article, user, *, tags=(), status=Status.PUBLISHED, published_at=None):
    """Save an article that was written and reviewed elsewhere (demo content, an archive
    brought over from another system) straight into ``status``, with one ``import`` row in
    its workflow history. Moderators only; nobody is mailed."""
    if not can_moderate(user):
        raise WriteRefused(_("Only a moderator can import articles."))
    article.status = status
    article.published_at = published_at
    article.version = 0
    with transaction.atomic(), reversion.create_revision():
        _write(article, user, tags=tags, comment=_("Imported by %(user)s.") % _name(user))
        TransitionLog.objects.create(
            article=article,
            actor=user,
            action="import",
            from_status=Status.DRAFT,
            to_status=status,
        )
    return article


STALE_TOP_NEWS = gettext_lazy(
    "Someone changed Top News after you opened this page, so nothing was saved. The list "
    "below is the current one; make your change again."
)


def top_news_signature():
    """The current picks as text ("pk:position:ends,..."): a form that started from another
    list is refused by ``set_top_news`` instead of undoing someone else's change."""
    picks = Article.objects.filter(top_rank__isnull=False).order_by("top_rank")
    return ",".join(
        f"{pk}:{rank}:{until.isoformat() if until else ''}"
        for pk, rank, until in picks.values_list("pk", "top_rank", "top_until")
    )


def set_top_news(user, picks, *, known_signature=None):
    """Make ``picks`` (``(article_pk, ends_at)`` pairs, in order) the Top News picks, at
    positions 1, 2, 3, ...; every other pick is removed. Only the picks change: the
    articles keep their version and modification time.

    With ``known_signature`` (``top_news_signature()`` when the form was shown), a list
    changed by someone else in between is refused.
    """
    if not can_pick_top_news(user):
        raise WriteRefused(_("You cannot pick Top News."))
    wanted = [pk for pk, _ends in picks]
    if len(set(wanted)) != len(wanted):
        raise WriteRefused(_("A story can hold only one Top News position."))
    with transaction.atomic():
        # Lock every row involved, in a fixed order, so two desks' changes queue up.
        rows = {
            article.pk: article
            for article in Article.objects.select_for_update(of=("self",))
            .filter(Q(top_rank__isnull=False) | Q(pk__in=wanted))
            .order_by("pk")
        }
        if known_signature is not None and known_signature != top_news_signature():
            raise WriteRefused(STALE_TOP_NEWS)
        missing = [pk for pk in wanted if pk not in rows or rows[pk].status != Status.PUBLISHED]
        if missing:
            raise WriteRefused(_("Only published articles can be picked for Top News."))
        # Clear every position first: the unique positions allow no swap in place.
        for article in rows.values():
            if article.top_rank is not None:
                article.top_rank = article.top_until = None
                article.save(update_fields=["top_rank", "top_until"])
        for position, (pk, ends_at) in enumerate(picks, start=1):
            article = rows[pk]
            article.top_rank, article.top_until = position, ends_at
            article.save(update_fields=["top_rank", "top_until"])
    return [rows[pk] for pk in wanted]


def claim_article(article, user):
    """“I'm reviewing this”: ``user`` holds the submitted ``article`` (taking over a lapsed
    claim, or renewing their own); a live claim of another moderator is refused."""
    if not can_moderate(user, article):
        raise WriteRefused(_("Only a moderator can claim an article for review."))
    with transaction.atomic():
        locked = lock(article)
        if locked.status != Status.SUBMITTED:
            raise WriteRefused(_("Only an article waiting for review can be claimed."))
        claim = Claim.objects.select_for_update().filter(article=locked).first()
        now = timezone.now()
        if claim is not None and claim.is_active and claim.moderator_id != user.pk:
            raise WriteRefused(
                _("%(who)s is already reviewing “%(title)s” (since %(when)s).")
                % {
                    "who": claim.moderator.display_name,
                    "title": locked.title,
                    "when": local_time(claim.claimed_at),
                }
            )
        if claim is None:
            claim = Claim(article=locked)
        if claim.moderator_id != user.pk or not claim.is_active:
            claim.moderator, claim.claimed_at = user, now
        claim.last_active_at = now
        claim.save()
    return claim


def release_claim(article, user):
    """The holder (or any moderator, for a lapsed claim) lets the article go."""
    if not can_moderate(user, article):
        raise WriteRefused(_("Only a moderator can release a claim."))
    claims = Claim.objects.filter(article=article)
    if claims.active().exclude(moderator=user).exists():
        raise WriteRefused(_("Only the moderator reviewing it can release this claim."))
    claims.delete()


def note_claim_activity(article, user):
    """The holder is working on the article: their claim does not lapse yet."""
    Claim.objects.active().filter(article=article, moderator=user).update(
        last_active_at=timezone.now()
    )


def delete_article(article, user):
    """Delete ``article`` and everything that hangs on it (history, reads, redirects): a
    moderator any article, a writer only their own draft."""
    with transaction.atomic():
        current = lock(article)
        if not can_delete_article(user, current):
            raise WriteRefused(
                _(
                    "“%(title)s” cannot be deleted: a writer can delete only their own "
                    "drafts, never a submitted, scheduled or published article."
                )
                % {"title": article.title}
            )
        current.delete()


def check_image_deletion(image, user):
    """Raise ``WriteRefused`` unless ``user`` may delete picture ``image`` now: their own
    upload (any, for a moderator) that no article shows as lead image or inline figure. The
    refusal names the articles ``user`` may open and counts the others."""
    if not can_delete_image(user, image):
        raise WriteRefused(
            _("You can delete only the pictures you uploaded; “%(alt)s” is someone else's.")
            % {"alt": image.alt_text}
        )
    showing = Article.objects.showing_image(image)
    if not showing.exists():
        return
    visible = showing.filter(pk__in=Article.objects.visible_to(user).values("pk"))
    titles = list(visible.order_by("title").values_list("title", flat=True)[:21])
    others = showing.count() - visible.count()
    places = [f"“{title}”" for title in titles[:20]]
    if len(titles) > 20:
        places.append("…")
    if others:
        places.append(
            ngettext(
                "%(count)d article you cannot open", "%(count)d articles you cannot open", others
            )
            % {"count": others}
        )
    raise WriteRefused(
        _(
            "“%(alt)s” is used, so it was not deleted. Remove it from these articles first "
            "(as lead image or figure in the text): %(places)s."
        )
        % {"alt": image.alt_text, "places": ", ".join(places)}
    )


def delete_image(image, user):
    """Delete picture ``image`` and its renditions, if ``check_image_deletion`` allows it."""
    with transaction.atomic():
        current = Image.objects.select_for_update().filter(pk=image.pk).first()
        if current is None:
            return
        check_image_deletion(current, user)
        current.delete()


def remember_old_address(article, old_path):
    """Keep ``old_path`` answering with a 301 after a published article's slug or section
    changed; an address that points back at the article's new home is dropped."""
    new_path = article.get_absolute_url()
    ArticleRedirect.objects.filter(old_path=new_path).delete()
    if old_path and old_path != new_path:
        ArticleRedirect.objects.update_or_create(old_path=old_path, defaults={"article": article})


def _write(article, user, *, tags, comment):
    """The side effects every write shares, in one place (inside the caller's transaction)."""
    article.body = sanitize_body(article.body)
    article.version += 1  # the row is locked (or new): no other save can slip in between
    article.updated_by = user
    article.save()
    if tags is not None:
        _set_tags_in_order(article, list(tags))
    article.refresh_tag_names()
    article.refresh_related()
    reversion.set_user(user)
    reversion.set_comment(comment)


def _set_tags_in_order(article, tags):
    """Give ``article`` exactly ``tags`` (names or tags), in this order: the first is its
    main topic. The links are numbered in the order added, so a new order re-adds them."""
    names = [getattr(tag, "name", tag) for tag in tags]
    if [tag.name for tag in article.tags.all()] != names:
        article.tags.set(tags, clear=True)


def _old_public_path(current, article):
    """The address readers knew, when a published article moves to another one."""
    if current.status != Status.PUBLISHED:
        return None
    if current.slug == article.slug and current.section_id == article.section_id:
        return None
    return current.get_absolute_url()


def _name(user):
    return {"user": user.display_name}
