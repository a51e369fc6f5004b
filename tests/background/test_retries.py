"""Transient failures are retried with back-off, up to a cap; then staff see a dead letter
and can retry it by hand."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from background.models import FailedTask
from publishing import tasks, workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def approve(article, moderator, capture):
    with capture(execute=True):
        workflow.approve(article, moderator)


def test_a_refused_mail_is_retried_after_a_back_off_and_then_sent(
    submitted, moderator, relay, run_worker, clock, django_capture_on_commit_callbacks, settings
):
    settings.TASK_RETRY_BASE_SECONDS = 30
    approve(submitted, moderator, django_capture_on_commit_callbacks)
    relay.down = True

    run_worker()

    failure = FailedTask.objects.get()
    assert (failure.status, failure.attempts) == (FailedTask.Status.RETRYING, 1)
    assert "SMTPConnectError" in failure.error
    assert failure.next_attempt_at == timezone.now() + timedelta(seconds=30)
    assert mail.outbox == []

    relay.down = False
    clock.shift(timedelta(seconds=29))
    run_worker()
    assert mail.outbox == []

    clock.shift(timedelta(seconds=2))
    run_worker()
    assert [message.subject for message in mail.outbox] == ["Published: Harbour cranes arrive"]
    assert FailedTask.objects.get().status == FailedTask.Status.RECOVERED


def test_the_delay_doubles_with_each_attempt(
    submitted, moderator, relay, run_worker, clock, django_capture_on_commit_callbacks, settings
):
    settings.TASK_RETRY_BASE_SECONDS = 30
    approve(submitted, moderator, django_capture_on_commit_callbacks)
    relay.down = True
    run_worker()
    clock.shift(timedelta(seconds=31))

    run_worker()

    failure = FailedTask.objects.get()
    assert failure.attempts == 2
    assert failure.next_attempt_at == timezone.now() + timedelta(seconds=60)


def test_after_the_last_attempt_the_task_is_a_dead_letter(
    submitted, moderator, relay, run_worker, clock, django_capture_on_commit_callbacks, settings
):
    settings.TASK_MAX_ATTEMPTS = 3
    approve(submitted, moderator, django_capture_on_commit_callbacks)
    relay.down = True
    for _ in range(5):
        run_worker()
        clock.shift(timedelta(hours=1))

    failure = FailedTask.objects.get()
    assert (failure.status, failure.attempts) == (FailedTask.Status.DEAD, 3)
    assert failure.next_attempt_at is None
    assert failure.task_path == "publishing.tasks.send_workflow_notice"
    assert failure.arguments["args"][:2] == ["approved", submitted.pk]
    assert mail.outbox == []


def test_an_error_that_is_not_transient_gives_up_at_once(run_worker, submitted):
    tasks.send_workflow_notice.enqueue("no-such-notice", submitted.pk, "workflow:test:1")

    run_worker()

    failure = FailedTask.objects.get()
    assert (failure.status, failure.attempts) == (FailedTask.Status.DEAD, 1)
    assert failure.error.startswith("KeyError")


def test_staff_see_the_dead_letter_with_its_task_arguments_error_and_attempts(
    client, moderator, run_worker, submitted
):
    tasks.send_workflow_notice.enqueue("no-such-notice", submitted.pk, "workflow:test:1")
    run_worker()
    failure = FailedTask.objects.get()
    client.force_login(moderator)

    listing = client.get(reverse("admin:background_failedtask_changelist"))
    detail = client.get(reverse("admin:background_failedtask_change", args=[failure.pk]))

    assert listing.status_code == 200
    assert "send workflow notice" in listing.text
    assert "Gave up" in listing.text
    assert detail.status_code == 200
    assert "no-such-notice" in detail.text
    assert "KeyError" in detail.text


def test_staff_retry_a_dead_letter_and_the_mail_goes_out(
    client,
    submitted,
    moderator,
    relay,
    run_worker,
    clock,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.TASK_MAX_ATTEMPTS = 1
    approve(submitted, moderator, django_capture_on_commit_callbacks)
    relay.down = True
    run_worker()
    failure = FailedTask.objects.get(status=FailedTask.Status.DEAD)
    relay.down = False
    client.force_login(moderator)

    response = client.post(
        reverse("admin:background_failedtask_changelist"),
        {"action": "retry", "_selected_action": [failure.pk]},
        follow=True,
    )
    run_worker()

    assert "1 task was queued again." in response.text
    assert [message.subject for message in mail.outbox] == ["Published: Harbour cranes arrive"]
    failure.refresh_from_db()
    assert (failure.status, failure.attempts) == (FailedTask.Status.RECOVERED, 1)


def test_a_writer_does_not_see_failed_tasks(client, writer):
    client.force_login(writer)

    response = client.get(reverse("admin:background_failedtask_changelist"))

    assert response.status_code == 403
