"""Fault test: gunicorn with production settings against its own Redis and PostgreSQL,
which are stopped and started again under a short load (loopback only).

- Redis stopped and restarted mid-load: not one 5xx (pages render from the database).
- PostgreSQL stopped: pages already in the cache stay 200 and ``/healthz`` says 503;
  started again: the site recovers by itself.

It needs ``redis-server`` (PostgreSQL comes from the ``pgserver`` package) and fails, not
skips, without it.
"""

import http.client
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

import pytest

pytestmark = pytest.mark.fault

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATABASE_NAME = "newsroom_fault"
PAGES = ["/", "/section/politics/", "/section/world/", "/search/?q=harbour", "/feeds/latest/"]
THREADS = 4
REQUESTS_PER_PHASE = 300


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, attempts=100, pause=0.1):
    """Poll ``check`` a bounded number of times (a wait for a process, not an assertion)."""
    for _ in range(attempts):
        if check():
            return True
        time.sleep(pause)
    return False


class Redis:
    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
                *("--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"),
            ],
            stdout=subprocess.DEVNULL,
        )
        assert wait_until(lambda: _answers(self.port)), "redis-server did not start"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def _answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class Postgres:
    """A private PostgreSQL server from pgserver, on a Unix socket in a temporary folder."""

    def __init__(self, directory):
        import pgserver

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.server = pgserver.get_server(directory, cleanup_mode="stop")
        self.server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        uri = self.server.get_uri(DATABASE_NAME)
        self.socket_dir = uri.split("host=")[1].split("&")[0]

    @property
    def url(self):
        return f"postgres://postgres@/{DATABASE_NAME}?host={self.socket_dir}"

    def _pg_ctl(self, *arguments):
        from pgserver._commands import pg_ctl

        pg_ctl(list(arguments), pgdata=self.server.pgdata, user=self.server.system_user)

    def stop(self):
        self._pg_ctl("-w", "-m", "fast", "stop")

    def start(self):
        self._pg_ctl(
            *("-w", "-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.server.log)),
            "start",
        )


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    if shutil.which("redis-server") is None:
        pytest.fail(
            "The fault test needs redis-server on the PATH (Debian: apt-get install "
            "redis-server). It starts its own instance on a free port."
        )
    redis = Redis(tmp_path_factory.mktemp("redis"))
    redis.start()
    # Not under pytest's own temporary folder: PostgreSQL runs as pgserver's user, which
    # cannot enter that folder when the tests run as root.
    postgres_dir = Path(tempfile.mkdtemp(prefix="newsroom-fault-"))
    postgres = Postgres(postgres_dir)
    yield redis, postgres
    if redis.process.poll() is None:
        redis.stop()
    postgres.server.cleanup()
    shutil.rmtree(postgres_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def site(services, tmp_path_factory):
    """gunicorn with production settings, migrated demo content, on a free loopback port."""
    redis, postgres = services
    port = free_port()
    environment = {
        **{
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DATABASE_", "REDIS_", "PUBLIC_", "CACHE_"))
        },
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": postgres.url,
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        # Pages stay in the cache through the database outage; Redis is retried each second.
        "PUBLIC_CACHE_SECONDS": "600",
        "CACHE_RETRY_SECONDS": "1",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(BASE_DIR),
    }
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo"]):
        # The demo content loads only in development; the servers run in production mode.
        setup = {**environment, "DEBUG": "true"} if command == ["load_demo"] else environment
        done = subprocess.run(
            [*manage, *command], env=setup, cwd=BASE_DIR, capture_output=True, text=True
        )
        assert done.returncode == 0, f"manage.py {command[0]} failed:\n{done.stderr[-3000:]}"
    log = open(tmp_path_factory.mktemp("gunicorn") / "gunicorn.log", "w")  # noqa: SIM115
    gunicorn = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            *("newsroom.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"),
            *("--threads", "4", "--worker-class", "gthread", "--timeout", "30"),
        ],
        env=environment,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        assert wait_until(lambda: status(port, "/healthz") == 200, attempts=300), (
            "gunicorn did not answer /healthz"
        )
        yield port
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        log.close()


def status(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


class Load:
    """THREADS readers requesting PAGES in turn until REQUESTS_PER_PHASE have been sent."""

    def __init__(self, port):
        self.port = port
        self.statuses = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.read) for _ in range(THREADS)]

    def read(self):
        while True:
            with self.lock:
                sent = len(self.statuses)
                if sent >= REQUESTS_PER_PHASE:
                    return
                self.statuses.append(None)
            result = status(self.port, PAGES[sent % len(PAGES)])
            with self.lock:
                self.statuses[sent] = result

    def sent(self):
        with self.lock:
            return len(self.statuses)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        for thread in self.threads:
            thread.join()


def test_stopping_redis_under_load_costs_no_page(site, services):
    redis, _ = services

    with Load(site) as load:
        wait_until(lambda: load.sent() >= REQUESTS_PER_PHASE // 3, attempts=600)
        redis.stop()
        wait_until(lambda: load.sent() >= 2 * REQUESTS_PER_PHASE // 3, attempts=600)
        redis.start()

    server_errors = [code for code in load.statuses if code is None or code >= 500]
    assert server_errors == []
    assert status(site, "/healthz") == 200


def test_cached_pages_outlive_a_database_outage_and_the_site_recovers(site, services):
    _, postgres = services
    # Each worker may drop a pooled Redis connection that an earlier Redis restart broke and
    # then leave Redis alone for CACHE_RETRY_SECONDS: warm the cache over a few rounds.
    for _ in range(3):
        for page in PAGES:
            assert status(site, page) == 200
        time.sleep(0.6)

    postgres.stop()
    try:
        during = [status(site, page) for page in PAGES * 3]
        health_during = status(site, "/healthz")
    finally:
        postgres.start()

    assert during == [200] * len(during)
    assert health_during == 503
    assert wait_until(lambda: status(site, "/healthz") == 200, attempts=100)
    assert status(site, "/search/?q=ferry") == 200
