"""Emails of the workflow: moderators on submit, the writer on approve and reject."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from publishing import workflow
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(draft, writer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(draft, writer)
    mail.outbox.clear()
    return draft


def test_submitting_tells_every_moderator(
    draft, writer, moderator, superuser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(draft, writer)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "For review: Harbour cranes arrive"
    assert sorted(message.to) == sorted([moderator.email, superuser.email])
    assert "Wanda Writer submitted an article for review." in message.body
    assert f"/admin/articles/article/{draft.pk}/change/" in message.body


def test_approving_tells_the_writer_with_the_public_link_and_time(
    submitted, writer, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(submitted, moderator)

    message = mail.outbox[0]
    assert message.to == [writer.email]
    assert message.subject == "Published: Harbour cranes arrive"
    assert f"http://127.0.0.1:8000{submitted.get_absolute_url()}" in message.body
    assert "It was published on" in message.body
    assert timezone.localtime(submitted.published_at).strftime("%H:%M") in message.body


def test_scheduling_tells_the_writer_when(submitted, moderator, django_capture_on_commit_callbacks):
    later = timezone.now() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(submitted, moderator, publish_at=later)

    message = mail.outbox[0]
    assert message.subject == "Scheduled: Harbour cranes arrive"
    assert f"It will be published on {later:%-d %B %Y}" in message.body


def test_rejecting_tells_the_writer_the_reason_and_the_note(
    submitted, writer, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.reject(
            submitted,
            moderator,
            note="Please name the source of the cost figure.",
            reason="needs_sources",
        )

    message = mail.outbox[0]
    assert message.to == [writer.email]
    assert message.subject == "Changes needed: Harbour cranes arrive"
    assert "Please name the source of the cost figure." in message.body
    assert "Reason: Needs sources" in message.body
    assert "sent back by Mona Moderator" in message.body


def test_withdrawing_sends_nothing(submitted, writer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(submitted, writer)

    assert mail.outbox == []


def test_unpublishing_sends_nothing(writer, moderator, django_capture_on_commit_callbacks):
    article = ArticleFactory(author=writer, published=True)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.unpublish(article, moderator)

    assert mail.outbox == []


def test_a_refused_transition_sends_nothing(draft, moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.TransitionError):
        workflow.approve(draft, moderator)

    assert mail.outbox == []
