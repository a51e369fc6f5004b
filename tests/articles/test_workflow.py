"""The state machine: every allowed and every forbidden transition, per role."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from publishing import services, workflow
from publishing.models import TransitionLog
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

Status = Article.Status
ROLES = ["writer", "other_writer", "moderator", "superuser", "reader"]

# (transition, starting status, roles that may do it); everyone else is refused.
ALLOWED = {
    ("submit", Status.DRAFT): {"writer"},
    ("submit", Status.REJECTED): {"writer"},
    ("withdraw", Status.SUBMITTED): {"writer", "moderator", "superuser"},
    ("withdraw", Status.REJECTED): {"writer", "moderator", "superuser"},
    ("withdraw", Status.UNPUBLISHED): {"writer", "moderator", "superuser"},
    ("approve", Status.SUBMITTED): {"moderator", "superuser"},
    ("approve", Status.UNPUBLISHED): {"moderator", "superuser"},
    ("reject", Status.SUBMITTED): {"moderator", "superuser"},
    ("unpublish", Status.PUBLISHED): {"moderator", "superuser"},
}


def run(name, article, user):
    if name == "reject":
        return workflow.reject(
            article, user, note="Please cite the council minutes.", reason="needs_sources"
        )
    return getattr(workflow, name)(article, user)


def make_article(status, author):
    published_at = timezone.now() - timedelta(hours=2) if status != Status.DRAFT else None
    return ArticleFactory(author=author, status=status, published_at=published_at)


def case(name, status, role):
    allowed = role in ALLOWED.get((name, status), set())
    verdict = "allowed" if allowed else "refused"
    return pytest.param(name, status, role, allowed, id=f"{role}-{name}-from-{status}-{verdict}")


CASES = [
    case(name, status, role)
    for name in workflow.TRANSITIONS
    for status in Status.values
    for role in ROLES
]


@pytest.mark.parametrize(("name", "status", "role", "allowed"), CASES)
def test_transition_per_role_and_status(
    users, name, status, role, allowed, django_capture_on_commit_callbacks
):
    article = make_article(status, users["writer"])
    user = users[role]

    if allowed:
        with django_capture_on_commit_callbacks(execute=True):
            run(name, article, user)
        article.refresh_from_db()
        assert article.status == workflow.TRANSITIONS[name].target
        log = TransitionLog.objects.get(article=article)
        assert (log.action, log.actor, log.from_status) == (name, user, status)
    else:
        with pytest.raises(workflow.TransitionError):
            run(name, article, user)
        article.refresh_from_db()
        assert article.status == status
        assert not TransitionLog.objects.filter(article=article).exists()


def test_submit_stamps_the_submission_time(draft, writer):
    workflow.submit(draft, writer)

    assert draft.submitted_at is not None
    assert Article.objects.get(pk=draft.pk).status == Status.SUBMITTED


def test_approve_now_publishes_and_records_the_reviewer(draft, writer, moderator):
    workflow.submit(draft, writer)
    workflow.approve(draft, moderator)

    draft.refresh_from_db()
    assert draft.is_public
    assert draft.reviewer == moderator
    assert Article.objects.published().filter(pk=draft.pk).exists()


def test_approve_at_a_future_time_schedules(draft, writer, moderator):
    workflow.submit(draft, writer)
    later = timezone.now() + timedelta(days=1)

    workflow.approve(draft, moderator, publish_at=later)

    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.is_scheduled
    assert not Article.objects.published().filter(pk=draft.pk).exists()


def test_reject_needs_a_note(draft, writer, moderator):
    workflow.submit(draft, writer)

    with pytest.raises(workflow.TransitionError, match="note for the writer"):
        workflow.reject(draft, moderator, note="  ", reason="style")

    assert Article.objects.get(pk=draft.pk).status == Status.SUBMITTED


def test_reject_keeps_the_note_for_the_writer(draft, writer, moderator):
    workflow.submit(draft, writer)
    workflow.reject(
        draft, moderator, note="The second quote needs a source.", reason="needs_sources"
    )

    draft.refresh_from_db()
    assert draft.status == Status.REJECTED
    assert draft.review_note == "The second quote needs a source."
    assert TransitionLog.objects.get(action="reject").note == "The second quote needs a source."


def test_refusal_is_a_readable_sentence(draft, other_writer):
    with pytest.raises(workflow.TransitionError) as error:
        workflow.submit(draft, other_writer)

    assert str(error.value) == "Only its author can submit for review “Harbour cranes arrive”."


def test_refusal_for_the_wrong_status_names_it(draft, moderator):
    with pytest.raises(workflow.TransitionError) as error:
        workflow.approve(draft, moderator)

    assert "is draft; only" in str(error.value)
    assert "submitted for review" in str(error.value)


def test_unpublish_clears_the_top_news_pick(writer, moderator):
    article = ArticleFactory(author=writer, published=True, top_rank=1)

    workflow.unpublish(article, moderator)

    article.refresh_from_db()
    assert (article.status, article.top_rank) == (Status.UNPUBLISHED, None)


def test_republishing_keeps_the_first_publication_date(writer, moderator):
    article = ArticleFactory(author=writer, published=True)
    first_date = article.published_at
    workflow.unpublish(article, moderator)

    workflow.approve(article, moderator)

    article.refresh_from_db()
    assert article.published_at == first_date


def test_every_transition_raises_the_version(draft, writer):
    version = draft.version

    workflow.submit(draft, writer)

    assert Article.objects.get(pk=draft.pk).version == version + 1


def test_transitions_sanitise_the_body(writer):
    article = ArticleFactory(author=writer, body="<p>Fine</p><script>alert(1)</script>")

    workflow.submit(article, writer)

    assert Article.objects.get(pk=article.pk).body == "<p>Fine</p>"


def test_a_moved_published_article_remembers_its_old_address(writer):
    article = ArticleFactory(author=writer, published=True, slug="old-slug")
    old_path = article.get_absolute_url()
    article.slug = "new-slug"
    article.save()

    services.remember_old_address(article, old_path)

    assert article.redirects.get().old_path == old_path


def test_the_moderators_form_has_one_place_for_the_time_and_the_note(
    client, draft, writer, moderator
):
    """The workflow box's "Publish at" and note are the only ones while approval is open."""
    workflow.submit(draft, writer)
    client.force_login(moderator)
    page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).text

    assert 'name="publish_at"' in page
    assert 'name="note"' in page
    assert 'name="published_at_0"' not in page
    assert 'name="review_note"' not in page


def test_a_published_articles_time_is_corrected_in_the_form(client, moderator):
    article = ArticleFactory(published=True)
    client.force_login(moderator)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).text

    assert 'name="published_at_0"' in page
    assert 'name="publish_at"' not in page
