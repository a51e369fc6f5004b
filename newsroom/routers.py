"""Send the reads of anonymous public pages to a read replica, everything else to the primary.

Configured only when ``DATABASE_REPLICA_URL`` is set. Public pages tolerate a replica that
lags by a second; the admin, the workflow and signed-in readers must see their own writes,
so they always read from the primary. ``articles.caching.public_page`` marks the requests
that may use the replica.
"""

from contextlib import contextmanager
from contextvars import ContextVar

REPLICA = "replica"
_replica_allowed = ContextVar("replica_allowed", default=False)


@contextmanager
def reads_from_replica():
    """Within this block, model reads go to the replica (when one is configured)."""
    token = _replica_allowed.set(True)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _replica_allowed.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: the replica is a copy of the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
