"""Varnish's health probe (deploy/varnish/newsroom.vcl) keeps a busy app server in and takes
a failing one out. The app servers here are two small HTTP servers in this process whose
``/healthz`` answers as slowly, or as badly, as the test asks.

It needs ``varnishd`` with varnish-modules (``make varnish``) and fails, not skips, without.
"""

import http.client
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import varnish as edge
from tests.fault.test_outages import free_port

pytestmark = pytest.mark.edge

# Longer than the old 1 s limit, well inside the 4 s the probe now waits.
BUSY_SECONDS = 1.5
# Enough probes (every 2 s) for a server to be taken out, were it to be.
PROBES_SECONDS = 9


class FakeAppServer:
    """Answers ``/healthz`` after ``health_delay`` seconds with ``health_status``, and any
    other path at once with a small public page naming the server."""

    def __init__(self, name):
        self.name = name
        self.health_delay = 0.0
        self.health_status = 200
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/healthz":
                    time.sleep(server.health_delay)
                    status, body = server.health_status, b"{}"
                else:
                    status, body = 200, f"<p>page from {server.name}</p>".encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Cache-Control", "public, max-age=60")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.http.server_address[1]
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def app_servers():
    with FakeAppServer("a") as first, FakeAppServer("b") as second:
        yield first, second


@pytest.fixture
def varnish(app_servers, tmp_path):
    if edge.missing():
        pytest.fail(f"The health probe test: {edge.missing()}")
    with edge.Varnish(free_port(), [server.port for server in app_servers], tmp_path) as cache:
        yield cache


def status_of(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def test_app_servers_that_answer_their_health_check_slowly_stay_in(app_servers, varnish):
    for server in app_servers:
        server.health_delay = BUSY_SECONDS

    time.sleep(PROBES_SECONDS)  # let the probe ask several times

    assert status_of(varnish.port, "/section/world/") == 200


def test_app_servers_whose_health_check_fails_are_taken_out(app_servers, varnish):
    for server in app_servers:
        server.health_status = 503  # what /healthz says while the database is down

    time.sleep(PROBES_SECONDS)

    # Nothing in the cache and no server to ask: Varnish answers 503 itself.
    assert status_of(varnish.port, "/section/world/") == 503
