"""Tasks that retry transient failures with back-off, then become dead letters.

django-tasks runs a task once. ``retried_task`` wraps a task function so that a transient
failure (an SMTP relay that is down, a storage timeout: ``OSError`` by default) is recorded
in a ``FailedTask`` row and the task is enqueued again after a growing delay
(``TASK_RETRY_BASE_SECONDS`` doubled each time, at most ``TASK_RETRY_MAX_SECONDS``). After
``TASK_MAX_ATTEMPTS`` attempts, or at once for any other error (a bug will not fix itself),
the row becomes a dead letter that staff see and retry in the admin.

The row's id travels with the re-enqueued task as the keyword ``failed_task``; the wrapped
function never sees it. Work that can no longer be done (its article was deleted) is not a
failure: the task logs a line and returns.
"""

import functools
import logging
import traceback
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import Task

from background.models import FailedTask

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OSError,)


def retry_delay(attempts):
    """Seconds to wait after the ``attempts``-th failure: doubling, with a ceiling."""
    delay = settings.TASK_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    return min(delay, settings.TASK_RETRY_MAX_SECONDS)


def retried_task(function=None, *, transient=TRANSIENT_ERRORS, **task_options):
    """``@task`` (with ``task_options``) that retries ``transient`` errors, then gives up."""

    def decorate(function):
        @functools.wraps(function)
        def run(*args, failed_task=None, **kwargs):
            try:
                result = function(*args, **kwargs)
            except transient as error:
                _record_failure(queued, args, kwargs, failed_task, error, may_retry=True)
                raise
            except Exception as error:
                _record_failure(queued, args, kwargs, failed_task, error, may_retry=False)
                raise
            if failed_task is not None:
                FailedTask.objects.filter(pk=failed_task).update(
                    status=FailedTask.Status.RECOVERED, next_attempt_at=None
                )
                logger.info("Task %s succeeded on a retry.", queued.module_path)
            return result

        queued = task(**task_options)(run)
        return queued

    return decorate(function) if function else decorate


def _record_failure(queued, args, kwargs, failed_task, error, *, may_retry):
    now = timezone.now()
    details = {
        "error": f"{type(error).__name__}: {error}"[:2000],
        "traceback": "".join(traceback.format_exception(error))[-10000:],
        "last_failed_at": now,
    }
    if failed_task is None:
        record = FailedTask.objects.create(
            task_path=queued.module_path,
            arguments={"args": list(args), "kwargs": kwargs},
            attempts=1,
            first_failed_at=now,
            **details,
        )
    else:
        FailedTask.objects.filter(pk=failed_task).update(attempts=F("attempts") + 1, **details)
        record = FailedTask.objects.get(pk=failed_task)
    if may_retry and record.attempts < settings.TASK_MAX_ATTEMPTS:
        run_after = now + timedelta(seconds=retry_delay(record.attempts))
        record.status, record.next_attempt_at = FailedTask.Status.RETRYING, run_after
        record.save(update_fields=["status", "next_attempt_at"])
        again = queued.using(run_after=run_after) if _can_defer(queued) else queued
        again.enqueue(*args, failed_task=record.pk, **kwargs)
        logger.warning(
            "Task %s failed (attempt %s: %s); trying again at %s.",
            queued.module_path,
            record.attempts,
            details["error"],
            run_after.isoformat(),
        )
    else:
        record.status, record.next_attempt_at = FailedTask.Status.DEAD, None
        record.save(update_fields=["status", "next_attempt_at"])
        logger.error(
            "Task %s gave up after %s attempt(s): %s",
            queued.module_path,
            record.attempts,
            details["error"],
        )


def _can_defer(queued):
    # The immediate backend (unit tests) runs a task at once and cannot wait.
    return queued.get_backend().supports_defer


def retry_by_hand(record):
    """Enqueue a dead letter's task once more (the admin's "retry" action)."""
    queued = import_string(record.task_path)
    if not isinstance(queued, Task):
        raise TypeError(f"{record.task_path} is not a task.")
    arguments = record.arguments or {}
    FailedTask.objects.filter(pk=record.pk).update(
        status=FailedTask.Status.RETRYING, next_attempt_at=timezone.now()
    )
    queued.enqueue(*arguments.get("args", []), failed_task=record.pk, **arguments.get("kwargs", {}))
