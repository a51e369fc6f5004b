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
    reject      submitted                         rejected     a moderator, with a note
    unpublish   published (also scheduled)        unpublished  a moderator

Each verb takes the article and the acting user, checks the rule in
``articles.permissions``, locks the row, changes it in one transaction, stamps the
times and the reviewer, writes one ``TransitionLog`` row, and after the commit sends
its emails and purges the cached public pages. A refusal is a ``TransitionError``
whose message is a sentence for the person who clicked.
"""

from dataclasses import dataclass

import reversion
from django.db import transaction
from django.utils import timezone

from articles import emails
from articles.caching import purge_public_pages
from articles.models import Article, ArticleRedirect, TransitionLog
from articles.permissions import can_write_articles, is_author, is_moderator
from articles.sanitize import sanitize_body
from articles.search import learn_words

Status = Article.Status


class TransitionError(Exception):
    """A workflow step that is not allowed; ``str(error)`` is the sentence to show."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # button text
    done: str  # past tense, for messages: "“Title” was approved."
    sources: frozenset
    target: str
    by_author: bool  # the article's author may do it
    by_moderator: bool  # any moderator may do it


TRANSITIONS = {
    transition.name: transition
    for transition in (
        Transition(
            "submit",
            "Submit for review",
            "submitted for review",
            frozenset({Status.DRAFT, Status.REJECTED}),
            Status.SUBMITTED,
            by_author=True,
            by_moderator=False,
        ),
        Transition(
            "withdraw",
            "Back to draft",
            "taken back to draft",
            frozenset({Status.SUBMITTED, Status.REJECTED, Status.UNPUBLISHED}),
            Status.DRAFT,
            by_author=True,
            by_moderator=True,
        ),
        Transition(
            "approve",
            "Approve",
            "approved",
            frozenset({Status.SUBMITTED, Status.UNPUBLISHED}),
            Status.PUBLISHED,
            by_author=False,
            by_moderator=True,
        ),
        Transition(
            "reject",
            "Reject",
            "sent back to the writer",
            frozenset({Status.SUBMITTED}),
            Status.REJECTED,
            by_author=False,
            by_moderator=True,
        ),
        Transition(
            "unpublish",
            "Unpublish",
            "unpublished",
            frozenset({Status.PUBLISHED}),
            Status.UNPUBLISHED,
            by_author=False,
            by_moderator=True,
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
    return (transition.by_moderator and is_moderator(user)) or (
        transition.by_author and is_author(user, article)
    )


def _check(user, article, transition):
    if not _is_allowed_actor(user, article, transition):
        if transition.by_author and not transition.by_moderator:
            who = "its author"
        elif transition.by_moderator and not transition.by_author:
            who = "a moderator"
        else:
            who = "its author or a moderator"
        raise TransitionError(f"Only {who} can {transition.label.lower()} “{article.title}”.")
    if article.status not in transition.sources:
        allowed = " or ".join(sorted(Status(status).label.lower() for status in transition.sources))
        raise TransitionError(
            f"“{article.title}” is {article.get_status_display().lower()}; "
            f"only {allowed} articles can be {transition.done}."
        )


def _apply(article, user, name, note="", **changes):
    """Run one transition on a locked copy of the row and copy the result back."""
    transition = TRANSITIONS[name]
    with transaction.atomic(), reversion.create_revision():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        _check(user, locked, transition)
        from_status = locked.status
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.body = sanitize_body(locked.body)
        locked.status = transition.target
        locked.updated_by = user
        locked.version += 1  # the row is locked: no other save can slip in between
        locked.save()
        TransitionLog.objects.create(
            article=locked,
            actor=user,
            action=name,
            from_status=from_status,
            to_status=transition.target,
            note=note,
        )
        reversion.set_user(user)
        reversion.set_comment(f"{transition.done.capitalize()} by {user.display_name}.")
        if Status.PUBLISHED in (from_status, transition.target):
            transaction.on_commit(purge_public_pages)
    article.__dict__.update(
        {field.attname: getattr(locked, field.attname) for field in Article._meta.concrete_fields}
    )
    return article


def submit(article, user):
    """The author sends a draft (or a rejected article, revised) to the moderators."""
    _apply(article, user, "submit", submitted_at=timezone.now())
    transaction.on_commit(lambda: emails.notify_moderators_of_submission(article))
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
    # A scheduled article's words wait for its time: ``rebuild_search_terms`` adds them.
    if article.is_public:
        learn_words(article)
    transaction.on_commit(lambda: emails.notify_writer_of_approval(article))
    return article


def reject(article, user, note):
    """A moderator sends a submitted article back to its writer, saying why (required)."""
    note = (note or "").strip()
    if not note:
        raise TransitionError(
            f"Please write a note for the writer explaining what to change in “{article.title}”."
        )
    _apply(article, user, "reject", note=note, reviewer=user, review_note=note)
    transaction.on_commit(lambda: emails.notify_writer_of_rejection(article))
    return article


def unpublish(article, user, note=""):
    """A moderator takes a published (or scheduled) article off the site."""
    return _apply(article, user, "unpublish", note=note, top_rank=None)


def remember_old_address(article, old_path):
    """Keep ``old_path`` answering with a 301 after a published article's slug or section
    changed; an address that points back at the article's new home is dropped."""
    new_path = article.get_absolute_url()
    ArticleRedirect.objects.filter(old_path=new_path).delete()
    if old_path and old_path != new_path:
        ArticleRedirect.objects.update_or_create(old_path=old_path, defaults={"article": article})
