"""The edge stack on loopback: Varnish (deploy/varnish/newsroom.vcl) in front of two gunicorn
app servers taking turns, with their own Redis and PostgreSQL.

- A moderator publishes on app server A: the article, its section page and the front page
  through Varnish show it at once (the purge is sent before the change's request ends); an
  unrelated article page is still a Varnish hit.
- An edit purges only the keys of what it changed.
- PostgreSQL stopped: ``/healthz`` answers 503 and Varnish serves pages from grace.

It needs ``varnishd`` with varnish-modules (``make varnish``) and ``redis-server``, and
fails, not skips, without them. Varnish is started by ``bench/varnish.py``, as the
newsroom-day benchmark starts it.
"""

import http.client
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from bench import varnish as edge
from tests.fault.test_outages import Postgres, Redis, free_port, wait_until

pytestmark = pytest.mark.edge

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Short, so the outage test can wait for pages to pass their max-age and live on in grace.
PAGE_SECONDS = 6
# How long past its max-age Varnish serves a page while the app servers are healthy (the VCL's
# ``req.grace``): after PAGE_SECONDS + this, a page kept at the edge has expired, not been
# purged, so the checks that a change spared a page make it within that window.
EDGE_GRACE_SECONDS = 10


def fetch(port, path, method="GET", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def is_cached(headers):
    """Served by Varnish from the copy it had: the first request for a purged page is a MISS
    (nothing else asks for pages here). Past its short max-age such a copy is served in
    grace, for at most ``EDGE_GRACE_SECONDS`` more."""
    return headers["X-Cache"].startswith("HIT")


def kept_at_the_edge(varnish, path, attempts=20):
    """Fetch ``path`` until Varnish serves it from its cache (a page the app had just marked
    stale comes back ``no-cache`` once, while another request renders it again)."""
    for _ in range(attempts):
        if fetch(varnish, path)[1]["X-Cache"].startswith("HIT"):
            return
        time.sleep(0.5)
    raise AssertionError(f"Varnish did not keep {path}")


def answers(port, path="/healthz"):
    try:
        return fetch(port, path)[0] == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    if edge.missing():
        pytest.fail(f"The edge stack test: {edge.missing()}")
    if shutil.which("redis-server") is None:
        pytest.fail(
            "The edge stack test needs redis-server (Debian: apt-get install redis-server)."
        )
    redis = Redis(tmp_path_factory.mktemp("redis"))
    redis.start()
    postgres_dir = Path(tempfile.mkdtemp(prefix="newsroom-edge-"))
    postgres = Postgres(postgres_dir)
    app_ports = [free_port(), free_port()]
    varnish_port = free_port()
    environment = {
        **{
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DATABASE_", "REDIS_", "PUBLIC_", "CACHE_", "VARNISH_"))
        },
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": postgres.url,
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "PUBLIC_CACHE_SECONDS": str(PAGE_SECONDS),
        # Varnish absorbs bursts: no per-process copies that could outlive a purge.
        "PUBLIC_PAGE_LOCAL_SECONDS": "0",
        "VARNISH_PURGE_URLS": f"http://127.0.0.1:{varnish_port}/",
        "CACHE_RETRY_SECONDS": "1",
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

    logs = tmp_path_factory.mktemp("logs")
    processes = []
    varnish = None
    try:
        for port in app_ports:
            processes.append(
                subprocess.Popen(
                    [
                        str(Path(sys.executable).parent / "gunicorn"),
                        *("newsroom.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"),
                        *("--timeout", "30"),
                    ],
                    env=environment,
                    cwd=BASE_DIR,
                    stdout=subprocess.DEVNULL,
                    stderr=open(logs / f"gunicorn-{port}.log", "w"),  # noqa: SIM115
                )
            )
        for port in app_ports:
            assert wait_until(lambda port=port: answers(port), attempts=300), (
                f"gunicorn on {port} did not answer /healthz"
            )
        # The shipped configuration, with the ports of this run.
        varnish = edge.Varnish(varnish_port, app_ports, logs).start()
        yield {
            "varnish": varnish_port,
            "apps": app_ports,
            "postgres": postgres,
            "edge": varnish,
            "manage": manage,
            "environment": environment,
        }
    finally:
        if varnish is not None:
            varnish.stop()
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=30)
        if redis.process.poll() is None:
            redis.stop()
        postgres.server.cleanup()
        shutil.rmtree(postgres_dir, ignore_errors=True)


class AppShell:
    """A ``manage.py shell`` with app server A's settings, started and set up ahead, that runs
    one piece of code when asked: the change then happens at once, not after a Python start-up
    of seconds (on a loaded machine long enough for the pages warmed before it to expire)."""

    def __init__(self, stack):
        self.stack = stack

    def __enter__(self):
        ready = (
            "import sys\n"
            "from accounts.models import User\n"
            "from articles.models import Article, Section\n"
            "from publishing import services, workflow\n"
            "print('ready', flush=True)\n"
            "exec(sys.stdin.read())\n"
        )
        self.process = subprocess.Popen(
            [*self.stack["manage"], "shell", "--no-imports", "-c", ready],
            env=self.stack["environment"],
            cwd=BASE_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline()
        assert line.strip() == "ready", self.process.communicate(timeout=30)[1][-3000:]
        return self

    def run(self, code):
        """Run ``code``; the last line it printed."""
        stdout, stderr = self.process.communicate(code, timeout=60)
        assert self.process.returncode == 0, stderr[-3000:]
        return stdout.strip().splitlines()[-1] if stdout.strip() else ""

    def __exit__(self, *exc_info):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def run_on_app_server(stack, code):
    """Run ``code`` with app server A's settings (the app's own write path, its purges)."""
    done = subprocess.run(
        [*stack["manage"], "shell", "-c", code],
        env=stack["environment"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


PUBLISH = """
moderator = User.objects.moderators().first()
world = Section.objects.get(slug="world")
article = Article(title="Edge test: lighthouse keeper retires", slug="edge-lighthouse",
                  dek="After forty years.", body="<p>After forty years.</p>", section=world,
                  author=User.objects.authors().first())
services.create_article(article, moderator)
workflow.submit(article, article.author)
workflow.approve(article, moderator)
print(article.get_absolute_url())
"""

EDIT = """
article = Article.objects.get(slug="edge-lighthouse")
article.title = "Edge test: lighthouse keeper retires at last"
services.edit_article(article, User.objects.moderators().first())
"""


def unrelated_article(stack):
    """An old article in another section by another writer than the published one: nothing
    on its page (the article, its "More news from" and related cards) is touched."""
    return run_on_app_server(
        stack,
        "from accounts.models import User; from articles.models import Article; "
        "print(Article.objects.published().exclude(section__slug='world')"
        ".exclude(author=User.objects.authors().first())"
        ".order_by('published_at').first().get_absolute_url())",
    )


def test_a_publish_reaches_the_edge_and_spares_unrelated_pages(stack):
    varnish = stack["varnish"]
    unrelated = unrelated_article(stack)
    with AppShell(stack) as shell:
        for path in ("/", "/section/world/", unrelated):
            kept_at_the_edge(varnish, path)
        warmed = time.monotonic()

        article = shell.run(PUBLISH)

    for path in (article, "/section/world/", "/"):
        status, headers, body = fetch(varnish, path)
        assert status == 200
        assert "lighthouse keeper retires" in body, path
    status, headers, _ = fetch(varnish, unrelated)
    assert status == 200
    assert is_cached(headers), spared_too_late(warmed)
    assert "xkey" not in headers  # the keys stay between the app and Varnish


def test_an_edit_purges_only_its_keys(stack):
    varnish = stack["varnish"]
    article = run_on_app_server(
        stack,
        "from articles.models import Article; "
        "print(Article.objects.get(slug='edge-lighthouse').get_absolute_url())",
    )
    unrelated = unrelated_article(stack)
    with AppShell(stack) as shell:
        for path in (article, unrelated, "/section/politics/"):
            kept_at_the_edge(varnish, path)
        warmed = time.monotonic()

        shell.run(EDIT)

    _, headers, body = fetch(varnish, article)
    assert "keeper retires at last" in body
    assert headers["X-Cache"] == "MISS"
    assert is_cached(fetch(varnish, unrelated)[1]), spared_too_late(warmed)
    assert is_cached(fetch(varnish, "/section/politics/")[1]), spared_too_late(warmed)


def spared_too_late(warmed):
    """Why a spared page may be gone anyway: it expired (the machine was too slow)."""
    seconds = time.monotonic() - warmed
    if seconds < PAGE_SECONDS + EDGE_GRACE_SECONDS:
        return f"purged {seconds:.1f} s after it was kept at the edge"
    return f"{seconds:.1f} s passed: the page expired at the edge (not necessarily purged)"


def backend_requests(stack):
    """How many requests Varnish sent to each app server (its own counters)."""
    return {
        name.split(".")[-2]: count for name, count in stack["edge"].counters("VBE.*.req").items()
    }


def test_requests_take_turns_between_the_app_servers(stack):
    before = backend_requests(stack)

    for _ in range(4):
        fetch(stack["varnish"], "/healthz")  # passed to an app server every time

    after = backend_requests(stack)
    assert {name: after[name] - before.get(name, 0) for name in after} == {
        "app_a": 2,
        "app_b": 2,
    }


def test_signed_in_readers_pass_the_edge(stack):
    varnish = stack["varnish"]
    fetch(varnish, "/section/world/")
    headers = {"Cookie": "sessionid=made-up; signedin=made-up"}

    _, response_headers, _ = fetch(varnish, "/section/world/", headers=headers)

    assert response_headers["X-Cache"] == "MISS"


def test_only_the_app_servers_may_purge(stack):
    # From loopback (an app server here) a purge without keys is refused as malformed, and
    # one with keys is done; the ACL keeps every other address out (deploy/varnish).
    assert fetch(stack["varnish"], "/", method="PURGE")[0] == 400
    assert fetch(stack["varnish"], "/", method="PURGE", headers={"xkey-purge": "a0"})[0] == 200


def test_with_the_database_down_health_fails_and_pages_come_from_grace(stack):
    varnish = stack["varnish"]
    pages = ["/", "/section/world/", "/feeds/latest/"]
    for path in pages:
        fetch(varnish, path)
    warmed = time.monotonic()

    stack["postgres"].stop()
    try:
        health = fetch(varnish, "/healthz")[0]
        # Wait (bounded) for the pages to pass their max-age: they then live on in grace.
        time.sleep(max(0, warmed + PAGE_SECONDS + 1 - time.monotonic()))
        served = [fetch(varnish, path) for path in pages]
    finally:
        stack["postgres"].start()

    assert health == 503
    assert [status for status, _, _ in served] == [200] * len(pages)
    assert all(headers["X-Cache"] == "HIT (grace)" for _, headers, _ in served)
