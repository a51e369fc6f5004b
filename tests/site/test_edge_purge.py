"""The purge client: after a change commits, each edge cache gets one PURGE naming the keys."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles import edge
from publishing import services
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


class FakeVarnish:
    """A loopback HTTP server that records the purges it gets and answers with ``statuses``
    in turn (the last one repeated)."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.purges = []
        varnish = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                varnish.purges.append(self.headers["xkey-purge"])
                status = (
                    varnish.statuses.pop(0) if len(varnish.statuses) > 1 else varnish.statuses[0]
                )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch):
    monkeypatch.setattr(edge, "BACKOFF", (0, 0))


def test_an_edit_sends_one_purge_of_its_keys_to_every_edge_cache(
    settings, author, politics, moderator, django_capture_on_commit_callbacks
):
    story = ArticleFactory(published=True, author=author, section=politics)
    with FakeVarnish() as first, FakeVarnish() as second:
        settings.VARNISH_PURGE_URLS = [first.url, second.url]
        story.title = "Harbour crane arrives late"

        with django_capture_on_commit_callbacks(execute=True):
            services.edit_article(story, moderator)

    for varnish in (first, second):
        assert len(varnish.purges) == 1
        assert {f"a{story.pk}", f"s{politics.pk}", f"u{author.pk}"} <= set(
            varnish.purges[0].split()
        )


def test_nothing_is_sent_before_the_transaction_commits(
    settings, author, politics, moderator, django_capture_on_commit_callbacks
):
    story = ArticleFactory(published=True, author=author, section=politics)
    with FakeVarnish() as varnish:
        settings.VARNISH_PURGE_URLS = [varnish.url]
        with django_capture_on_commit_callbacks(execute=False):
            services.edit_article(story, moderator)

    assert varnish.purges == []


def test_a_busy_edge_cache_is_asked_again():
    with FakeVarnish(statuses=(503, 503, 200)) as varnish:
        assert edge.send_purge(varnish.url, ["a1"]) is True

    assert varnish.purges == ["a1", "a1", "a1"]


def test_a_refused_purge_is_not_repeated_and_is_logged(caplog):
    with FakeVarnish(statuses=(403,)) as varnish:
        assert edge.send_purge(varnish.url, ["a1"]) is False

    assert varnish.purges == ["a1"]
    assert "refused a purge" in caplog.text


def test_an_unreachable_edge_cache_gives_up_after_a_few_tries(caplog, settings):
    settings.VARNISH_PURGE_TIMEOUT = 0.5
    with FakeVarnish() as varnish:
        url = varnish.url
    # The server is closed: nothing listens on the port now.

    assert edge.send_purge(url, ["a1", "front"]) is False
    assert "did not purge a1 front" in caplog.text


def test_no_edge_cache_configured_sends_nothing(settings):
    settings.VARNISH_PURGE_URLS = []
    edge.purge({"a1"})  # nothing to reach, nothing raised
