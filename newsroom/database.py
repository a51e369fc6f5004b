"""The embedded PostgreSQL used when ``DATABASE_URL`` is not set.

A fresh machine needs nothing but Python: the PyPI package ``pgserver`` bundles
the PostgreSQL binaries, and we keep one private server under ``var/postgres/``.
The server outlives the process that started it, so ``manage.py`` commands, the
development server and the test run all reuse it; ``make db-stop`` stops it.

Importing the settings never starts it: ``manage.py`` and the test run call
``start_development_database()`` first, and only in development (``DEBUG`` on, no
``DATABASE_URL``; production settings refuse to start without ``DATABASE_URL``).
"""

import atexit
import json
import logging
import os
import pwd
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

logger = logging.getLogger(__name__)

DATABASE_NAME = "newsroom"
# pgserver's list of the processes holding the server (JSON); a crash can leave it empty.
HANDLE_LIST = ".handle_pids.json"


def repair_handle_list(data_dir: Path):
    """Reset pgserver's process list when it is empty or unreadable, as a killed process can
    leave it; pgserver would fail to parse it on every start and stop."""
    path = data_dir / HANDLE_LIST
    try:
        json.loads(path.read_text())
    except FileNotFoundError:
        return
    except (json.JSONDecodeError, UnicodeDecodeError):
        logger.warning("Resetting the unreadable %s in %s", HANDLE_LIST, data_dir)
        path.write_text("[]")


def start_server(data_dir: Path):
    """Return pgserver's handle on the server in ``data_dir``, starting it when needed."""
    import pgserver

    data_dir.mkdir(parents=True, exist_ok=True)
    repair_handle_list(data_dir)
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


def embedded_database_settings(data_dir: Path) -> dict:
    """Django's connection settings for the server in ``data_dir``, without starting it."""
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": _socket_dir(data_dir),
    }


def _socket_dir(data_dir: Path) -> str:
    # A running server names its socket directory on the fifth line of postmaster.pid;
    # before the first start, pgserver's first choice is the data directory itself.
    try:
        lines = (data_dir / "postmaster.pid").read_text().splitlines()
    except OSError:
        lines = []
    return lines[4].strip() if len(lines) > 4 and lines[4].strip() else str(data_dir)


def start_development_database():
    """Start the embedded server when the settings use it, and point them at its socket.

    Call before the first database connection (``manage.py``, the test run).
    """
    from django.conf import settings

    data_dir = settings.EMBEDDED_DATABASE_DIR
    if data_dir is not None:
        settings.DATABASES["default"].update(start_embedded_postgres(Path(data_dir)))


def stop_embedded_postgres(data_dir: Path) -> bool:
    """Stop the private server in ``data_dir`` if it runs; return whether it was running.

    It asks ``pg_ctl`` directly, as the owner of the data folder (pgserver's own user when
    it runs as root), so a stop never depends on pgserver's bookkeeping of its processes.
    """
    if not (data_dir / "postmaster.pid").exists():
        return False
    from pgserver._commands import pg_ctl

    owner = data_dir.stat().st_uid
    user = None if owner == os.geteuid() else pwd.getpwuid(owner).pw_name
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user)
    # Nobody holds the stopped server any more.
    (data_dir / HANDLE_LIST).write_text("[]")
    return True
