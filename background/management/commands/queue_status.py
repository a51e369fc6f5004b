"""How the task queue is doing: what waits in each queue, how long the oldest task has been
due, what runs, and the failed tasks. ``--max-age`` makes it a health check for monitoring.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Case, Count, F, Min, Q, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max

from background.models import FailedTask


def queue_figures(now=None):
    """Per queue: tasks due, scheduled for later, running, and the oldest due task's age."""
    now = now or timezone.now()
    date_max = get_date_max()
    # A task is due from its run_after (a retry's back-off), or from its enqueueing.
    due_since = Case(
        When(run_after=date_max, then=F("enqueued_at")),
        default=Greatest(F("run_after"), F("enqueued_at")),
    )
    due = Q(status="READY") & (Q(run_after=date_max) | Q(run_after__lte=now))
    rows = (
        DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])
        .values("queue_name")
        .annotate(
            due=Count("pk", filter=due),
            scheduled=Count(
                "pk", filter=Q(status="READY", run_after__gt=now) & ~Q(run_after=date_max)
            ),
            running=Count("pk", filter=Q(status="RUNNING")),
            oldest_due=Min(due_since, filter=due),
        )
    )
    empty = {"due": 0, "scheduled": 0, "running": 0, "oldest_age": None}
    figures = {name: dict(empty) for name in settings.TASK_QUEUES}
    for row in rows:
        oldest = row["oldest_due"]
        figures[row["queue_name"]] = {
            "due": row["due"],
            "scheduled": row["scheduled"],
            "running": row["running"],
            "oldest_age": (now - oldest).total_seconds() if oldest else None,
        }
    return figures


class Command(BaseCommand):
    help = (
        "Show the task queue: tasks due and scheduled per queue, the age of the oldest due "
        "task, running tasks, and failed tasks. With --max-age, exit with status 1 when a "
        "task has waited longer (no worker, or too few)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age",
            type=float,
            default=None,
            help="Fail when the oldest due task has waited more than this many seconds.",
        )

    def handle(self, *, max_age, **options):
        failed = dict(
            FailedTask.objects.values_list("status").annotate(count=Count("pk")).order_by()
        )
        backend = task_backends["default"]
        if not isinstance(backend, DatabaseBackend):
            self.stdout.write(
                f"Tasks go to {type(backend).__name__}; watch that queue with its own tools "
                "(for RQ: rq info)."
            )
            self._write_failed(failed)
            return
        oldest = None
        self.stdout.write(f"{'queue':<12}{'due':>6}{'later':>7}{'running':>9}  oldest due")
        for name, row in queue_figures().items():
            age = row["oldest_age"]
            if age is not None:
                oldest = max(oldest or 0.0, age)
            self.stdout.write(
                f"{name:<12}{row['due']:>6}{row['scheduled']:>7}{row['running']:>9}  "
                + (f"{age:.0f} s" if age is not None else "-")
            )
        self._write_failed(failed)
        if max_age is not None and oldest is not None and oldest > max_age:
            raise CommandError(
                f"A task has waited {oldest:.0f} s (more than {max_age:.0f} s): "
                "are the workers running?"
            )

    def _write_failed(self, failed):
        self.stdout.write(
            f"failed tasks: {failed.get(FailedTask.Status.RETRYING, 0)} retrying, "
            f"{failed.get(FailedTask.Status.DEAD, 0)} gave up (admin: Background work)"
        )
