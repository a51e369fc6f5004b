"""Enqueue a task once the current transaction commits.

A task that reads rows must not run before they are visible, and a rolled-back change must
not send its mail, so work caused by a change is enqueued on commit. ``robust``: if the queue
cannot take the task, the change the user made still stands; the failure is logged.
"""

from functools import partial

from django.db import transaction


def enqueue_on_commit(queued, *args, **kwargs):
    """Enqueue ``queued`` (a task) with these arguments after the current transaction commits
    (at once outside a transaction)."""
    transaction.on_commit(partial(queued.enqueue, *args, **kwargs), robust=True)
