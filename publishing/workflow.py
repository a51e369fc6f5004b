"""The article workflow: every change of ``Article.status`` happens here and nowhere else.

::

                 submit                 approve [now | at a time]
      draft ─────────────▶ submitted ─────────────────────────▶ published
        ▲  ◀─────────────    │    ▲                            (scheduled while
        │     withdraw       │    │ submit                      published_at > now)
        │                    │ reject (note required)              │
        │                    ▼    │                                │ unpublish
        ├──── withdraw ─── rejected                                ▼
        └──────────────────── withdraw ──────────────────────── unpublished
                                                 approve ──▶ published

    transition  from                              to           who
    submit      draft, rejected                   submitted    the author
    withdraw    submitted, rejected, unpublished  draft        the author or a moderator
    approve     submitted, unpublished            published    a moderator (now or at a time)
    reject      submitted                         rejected     a moderator, with a reason and a note
    unpublish   published (also scheduled)        unpublished  a moderator

Each verb takes the article and the acting user, checks who may take the step (this
module's table, asking ``articles.permissions`` who is the author or a moderator), and
hands the write to ``publishing.services.apply_transition``: one transaction that locks the
row, stamps the times and the reviewer and writes one ``TransitionLog`` row. After the
commit, the steps that concern someone else queue their mail for a worker (submit, approve,
reject: ``publishing.tasks``); the public pages are purged by ``articles.invalidation`` when
the article was or becomes published. A refusal is a ``TransitionError`` whose message is a
sentence for the person who clicked.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article
from articles.permissions import can_moderate, can_write_articles, is_author
from publishing import services, tasks
from publishing.models import RejectionReason

Status = Article.Status


class TransitionError(Exception):
    """A workflow step that is not allowed; ``str(error)`` is the sentence to show."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # button text (translated lazily)
    done: str  # past tense, for messages: "“Title” was approved."
    sources: frozenset
    target: str
    by_author: bool  # the article's author may do it
    by_moderator: bool  # a moderator of the article may do it
    takes_note: bool = False  # the note box applies (required when rejecting)
    takes_time: bool = False  # a publication time may be chosen
    takes_reason: bool = False  # a reason code (``RejectionReason``) is chosen: required


TRANSITIONS = {
    transition.name: transition
    for transition in (
        Transition(
            "submit",
            gettext_lazy("Submit for review"),
            gettext_lazy("submitted for review"),
            frozenset({Status.DRAFT, Status.REJECTED}),
            Status.SUBMITTED,
            by_author=True,
            by_moderator=False,
        ),
        Transition(
            "withdraw",
            gettext_lazy("Back to draft"),
            gettext_lazy("taken back to draft"),
            frozenset({Status.SUBMITTED, Status.REJECTED, Status.UNPUBLISHED}),
            Status.DRAFT,
            by_author=True,
            by_moderator=True,
        ),
        Transition(
            "approve",
            gettext_lazy("Approve"),
            gettext_lazy("approved"),
            frozenset({Status.SUBMITTED, Status.UNPUBLISHED}),
            Status.PUBLISHED,
            by_author=False,
            by_moderator=True,
            takes_note=True,
            takes_time=True,
        ),
        Transition(
            "reject",
            gettext_lazy("Reject"),
            gettext_lazy("sent back to the writer"),
            frozenset({Status.SUBMITTED}),
            Status.REJECTED,
            by_author=False,
            by_moderator=True,
            takes_note=True,
            takes_reason=True,
        ),
        Transition(
            "unpublish",
            gettext_lazy("Unpublish"),
            gettext_lazy("unpublished"),
            frozenset({Status.PUBLISHED}),
            Status.UNPUBLISHED,
            by_author=False,
            by_moderator=True,
            takes_note=True,
        ),
    )
}


def may(user, article, name):
    """Whether ``user`` may apply transition ``name`` to ``article`` in its current state."""
    transition = TRANSITIONS[name]
    return article.status in transition.sources and _is_allowed_actor(user, article, transition)


def available_transitions(user, article):
    """The transitions ``user`` can apply to ``article`` now (the admin's buttons)."""
    return [transition for name, transition in TRANSITIONS.items() if may(user, article, name)]


def _is_allowed_actor(user, article, transition):
    if not can_write_articles(user):
        return False
    return (transition.by_moderator and can_moderate(user, article)) or (
        transition.by_author and is_author(user, article)
    )


def _check(user, article, transition):
    if not _is_allowed_actor(user, article, transition):
        if transition.by_author and not transition.by_moderator:
            who = _("its author")
        elif transition.by_moderator and not transition.by_author:
            who = _("a moderator")
        else:
            who = _("its author or a moderator")
        # Translators: e.g. "Only a moderator can approve “Harbour cranes arrive”."
        raise TransitionError(
            _("Only %(who)s can %(action)s “%(title)s”.")
            % {"who": who, "action": transition.label.lower(), "title": article.title}
        )
    if article.status not in transition.sources:
        allowed = _(" or ").join(
            sorted(str(Status(status).label).lower() for status in transition.sources)
        )
        # Translators: e.g. "“Harbour cranes arrive” is draft; only submitted articles can be
        # approved."
        raise TransitionError(
            _("“%(title)s” is %(status)s; only %(allowed)s articles can be %(done)s.")
            % {
                "title": article.title,
                "status": article.get_status_display().lower(),
                "allowed": allowed,
                "done": transition.done,
            }
        )


def _apply(article, user, name, note="", reason="", **changes):
    """Check the step on the locked row, then let the write service make it."""
    transition = TRANSITIONS[name]
    comment = _("%(done)s by %(user)s.") % {
        "done": transition.done.capitalize(),
        "user": user.display_name,
    }
    if reason:
        # Translators: e.g. "Reason: needs sources." after "Sent back to the writer by …"
        comment += " " + _("Reason: %(reason)s.") % {
            "reason": str(RejectionReason(reason).label).lower()
        }
    with transaction.atomic():
        _check(user, services.lock(article), transition)
        services.apply_transition(
            article,
            user,
            name,
            transition.target,
            note=note,
            reason=reason,
            changes=changes,
            comment=comment,
        )
    return article


def perform(name, article, user, *, note="", publish_at=None, reason=""):
    """Run transition ``name`` with what the admin's workflow box collected; each verb gets
    only the options its transition takes."""
    transition = TRANSITIONS[name]
    options = {}
    if transition.takes_note:
        options["note"] = note
    if transition.takes_time:
        options["publish_at"] = publish_at
    if transition.takes_reason:
        options["reason"] = reason
    return VERBS[name](article, user, **options)


def submit(article, user):
    """The author sends a draft (or a rejected article, revised) to the moderators."""
    _apply(article, user, "submit", submitted_at=timezone.now())
    tasks.send_notice_on_commit("submitted", article)
    return article


def withdraw(article, user):
    """The author (or a moderator) takes an article back to draft to work on it again."""
    return _apply(article, user, "withdraw")


def approve(article, user, publish_at=None, note=""):
    """A moderator publishes the article now, or schedules it for ``publish_at``.

    Republishing an unpublished article without a chosen time keeps its first date.
    """
    now = timezone.now()
    if publish_at is None:
        keep_date = article.status == Status.UNPUBLISHED and article.published_at
        publish_at = article.published_at if keep_date and article.published_at <= now else now
    _apply(
        article,
        user,
        "approve",
        note=note,
        published_at=publish_at,
        reviewer=user,
        review_note=note,
    )
    tasks.send_notice_on_commit("approved", article)
    return article


def reject(article, user, note, reason=""):
    """A moderator sends a submitted article back to its writer, saying why: a reason code
    (``RejectionReason``) and a note, both required."""
    note = (note or "").strip()
    if reason not in RejectionReason.values:
        raise TransitionError(
            _("Please choose why “%(title)s” is sent back (a reason), and write a note.")
            % {"title": article.title}
        )
    if not note:
        raise TransitionError(
            _("Please write a note for the writer explaining what to change in “%(title)s”.")
            % {"title": article.title}
        )
    _apply(article, user, "reject", note=note, reason=reason, reviewer=user, review_note=note)
    tasks.send_notice_on_commit("rejected", article)
    return article


def unpublish(article, user, note=""):
    """A moderator takes a published (or scheduled) article off the site."""
    return _apply(article, user, "unpublish", note=note, top_rank=None)


VERBS = {
    "submit": submit,
    "withdraw": withdraw,
    "approve": approve,
    "reject": reject,
    "unpublish": unpublish,
}
