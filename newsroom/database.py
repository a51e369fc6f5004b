"""The embedded PostgreSQL used when ``DATABASE_URL`` is not set.

A fresh machine needs nothing but Python: the PyPI package ``pgserver`` bundles
the PostgreSQL binaries, and we keep one private server under ``var/postgres/``.
The server outlives the process that started it, so ``manage.py`` commands, the
development server and the test run all reuse it; ``make db-stop`` stops it.
"""

import atexit
import logging
import os
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

logger = logging.getLogger(__name__)

DATABASE_NAME = "newsroom"


def start_server(data_dir: Path):
    """Return pgserver's handle on the server in ``data_dir``, starting it when needed."""
    import pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server keeps running after this process exits.
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    if not (server.pgdata / "postmaster.pid").exists():
        # Stopped behind this process's back (make db-stop): start it again.
        forget_handle(server)
        server = pgserver.get_server(data_dir, cleanup_mode=None)
    return server


def forget_handle(server):
    """Drop pgserver's per-process handle on a stopped server so a new start starts it."""
    atexit.unregister(server._cleanup)
    server.global_process_id_list.get_and_remove(os.getpid())
    server._instances.pop(server.pgdata, None)


def start_embedded_postgres(data_dir: Path) -> dict:
    """Start (or reuse) the private server in ``data_dir``; return Django's connection settings."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); its fallback is fine.
        warnings.simplefilter("ignore")
        server = start_server(data_dir)
    # DATABASE_NAME is our constant, not input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        logger.info("Created database %s in the embedded PostgreSQL at %s", DATABASE_NAME, data_dir)
    # pgserver listens on a Unix socket only; its URI names the socket directory as host.
    query = parse_qs(urlsplit(server.get_uri(DATABASE_NAME)).query)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": query["host"][0],
    }


def stop_embedded_postgres(data_dir: Path) -> bool:
    """Stop the private server in ``data_dir`` if it runs; return whether it was running."""
    if not (data_dir / "postmaster.pid").exists():
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgserver._commands import pg_ctl

        server = start_server(data_dir)
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=server.system_user)
        forget_handle(server)
    return True
