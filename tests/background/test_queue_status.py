"""``manage.py queue_status``: what waits, for how long, and a failing exit for monitoring."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles import tasks as article_tasks
from background.models import FailedTask
from publishing import tasks as publishing_tasks

pytestmark = pytest.mark.django_db


def queue_status(*arguments):
    output = StringIO()
    call_command("queue_status", *arguments, stdout=output)
    return output.getvalue()


def row(output, queue):
    return next(line.split() for line in output.splitlines() if line.startswith(queue))


def test_an_empty_queue_is_healthy(database_queue):
    output = queue_status("--max-age", "60")

    assert row(output, "mail") == ["mail", "0", "0", "0", "-"]
    assert "failed tasks: 0 retrying, 0 gave up" in output


def test_the_oldest_due_task_and_its_age_per_queue(database_queue):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        publishing_tasks.send_workflow_notice.enqueue("approved", 1, "workflow:approved:1")
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        publishing_tasks.send_workflow_notice.enqueue("approved", 2, "workflow:approved:2")
        article_tasks.purge_edge.using(run_after=start + timedelta(hours=1)).enqueue(["a1"], [])

    with time_machine.travel(start + timedelta(seconds=90), tick=False):
        output = queue_status()

    assert row(output, "mail") == ["mail", "2", "0", "0", "90", "s"]
    assert row(output, "default") == ["default", "0", "1", "0", "-"]


def test_a_task_waiting_too_long_fails_the_health_check(database_queue):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        article_tasks.purge_edge.enqueue(["a1"], [])

    with (
        time_machine.travel(start + timedelta(minutes=5), tick=False),
        pytest.raises(CommandError, match="A task has waited 300 s"),
    ):
        queue_status("--max-age", "120")


def test_failed_tasks_are_counted(database_queue):
    FailedTask.objects.create(task_path="articles.tasks.purge_edge", attempts=2)
    FailedTask.objects.create(
        task_path="articles.tasks.purge_edge", status=FailedTask.Status.DEAD, attempts=6
    )

    assert "failed tasks: 1 retrying, 1 gave up" in queue_status()


def test_another_backend_is_watched_with_its_own_tools():
    output = queue_status()

    assert "Tasks go to ImmediateBackend" in output
