"""Lighthouse (mobile) on the home page, an article and an op-ed, in production mode.

Run by hand (``python -m bench.lighthouse``), never by the test suite: the scores depend on
the machine. It

1. creates its database when missing (``LIGHTHOUSE_DATABASE_URL``, default
   ``newsroom_lighthouse`` on the machine's server), migrates it and loads the demo newsroom
   (``load_demo``, development settings: the command refuses production ones);
2. collects static files and starts gunicorn with production settings (DEBUG off, a random
   SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, no HTTPS redirect, Redis page cache);
3. puts a small front server before it that serves ``/media/`` from MEDIA_ROOT, as the
   proxy of docs/deploy.md does, and passes everything else through unchanged;
4. runs Lighthouse's default mobile audit (emulated phone, simulated slow 4G) with Debian's
   Chromium on each page, prints the four category scores and what keeps any below 100,
   and leaves the JSON reports in var/lighthouse/.

Lighthouse comes from npm (``npm install lighthouse@12``: version 12 runs on Node 18 and 20,
13 needs Node 22). Point ``LIGHTHOUSE`` at its ``bin/lighthouse`` (default: ``lighthouse``
on PATH) and ``CHROME_PATH`` at the browser (default ``/usr/bin/chromium``).
"""

import argparse
import http.client
import json
import mimetypes
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import environment

BASE_DIR = environment.BASE_DIR
REPORT_DIR = BASE_DIR / "var" / "lighthouse"
MEDIA_ROOT = BASE_DIR / "var" / "lighthouse-media"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/newsroom_lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
# Responses the front server passes through without these hop-by-hop headers.
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "upgrade"}


def say(message):
    print(message, flush=True)


def server_environment(database_url, redis_url, debug=False):
    return environment.production_environment(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        MEDIA_ROOT=MEDIA_ROOT,
        DEBUG="true" if debug else "false",
    )


def manage(arguments, env):
    subprocess.run([sys.executable, "manage.py", *arguments], env=env, cwd=BASE_DIR, check=True)


def prepare(database_url, redis_url):
    """A migrated database with the demo newsroom."""
    environment.ensure_database(database_url)
    development = server_environment(database_url, redis_url, debug=True)
    say("migrating and loading the demo newsroom")
    manage(["migrate", "--verbosity", "0"], development)
    manage(["load_demo"], development)


def collect_static(database_url, redis_url):
    manage(
        ["collectstatic", "--noinput", "--verbosity", "0"],
        server_environment(database_url, redis_url),
    )


def choose_pages(database_url, redis_url):
    """The home page, the newest news article with a lead image, the newest op-ed."""
    script = (
        "import json\n"
        "from articles.models import Article\n"
        "newest = Article.objects.latest().filter(lead_image__isnull=False)\n"
        "article = newest.filter(kind=Article.Kind.NEWS).first()\n"
        "op_ed = newest.filter(kind=Article.Kind.OP_ED).first()\n"
        "print(json.dumps({'home': '/', 'article': article.get_absolute_url(),"
        " 'op-ed': op_ed.get_absolute_url()}))\n"
    )
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "--command", script],
        env=server_environment(database_url, redis_url),
        cwd=BASE_DIR,
        check=True,
        stdout=subprocess.PIPE,  # its errors (an unmigrated database, say) go to the terminal
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


class Gunicorn:
    """gunicorn with production settings on 127.0.0.1; stopped on exit."""

    def __init__(self, port, env):
        self.port = port
        self.env = env
        self.process = None

    def __enter__(self):
        REPORT_DIR.mkdir(parents=True, exist_ok=True)
        self.log = open(REPORT_DIR / "gunicorn.log", "w")
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "newsroom.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=BASE_DIR,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *exc_info):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def front_handler(backend_port):
    class Front(BaseHTTPRequestHandler):
        """/media/ from MEDIA_ROOT (cached for a year, as by the deploy's proxy); the rest
        is passed to gunicorn as it came."""

        def do_GET(self):
            if self.path.startswith("/media/"):
                self.send_media()
            else:
                self.pass_through()

        do_HEAD = do_GET

        def do_POST(self):
            self.pass_through()

        def send_media(self):
            relative = self.path.split("?", 1)[0].removeprefix("/media/")
            path = (MEDIA_ROOT / relative).resolve()
            if not path.is_relative_to(MEDIA_ROOT.resolve()) or not path.is_file():
                self.send_error(404)
                return
            body = path.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def pass_through(self):
            connection = http.client.HTTPConnection("127.0.0.1", backend_port, timeout=30)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            connection.request(self.command, self.path, body=body, headers=dict(self.headers))
            answer = connection.getresponse()
            body = answer.read()
            self.send_response(answer.status, answer.reason)
            for name, value in answer.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            connection.close()

        def log_message(self, format, *args):
            pass

    return Front


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_lighthouse(lighthouse, url, report):
    subprocess.run(
        [
            lighthouse,
            url,
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--quiet",
        ],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        check=True,
    )
    result = json.loads(report.read_text())
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    # The audits that cost points: every scored audit below 1 in a category.
    losing = {}
    for name in CATEGORIES:
        for reference in result["categories"][name]["auditRefs"]:
            audit = result["audits"][reference["id"]]
            if reference["weight"] and audit["score"] is not None and audit["score"] < 1:
                losing.setdefault(name, []).append(
                    f"{audit['id']} ({audit.get('displayValue') or audit['score']})"
                )
    return scores, losing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LIGHTHOUSE_DATABASE_URL", DEFAULT_DATABASE_URL),
    )
    parser.add_argument("--redis-url", default=environment.redis_url())
    parser.add_argument(
        "--skip-prepare", action="store_true", help="reuse the database as it is (no load_demo)"
    )
    arguments = parser.parse_args()

    lighthouse = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
    if not lighthouse:
        sys.exit("Lighthouse not found: npm install lighthouse@12, then set LIGHTHOUSE.")
    if not arguments.skip_prepare:
        prepare(arguments.database_url, arguments.redis_url)
    collect_static(arguments.database_url, arguments.redis_url)
    pages = choose_pages(arguments.database_url, arguments.redis_url)

    backend_port = free_port()
    env = server_environment(arguments.database_url, arguments.redis_url)
    with Gunicorn(backend_port, env):
        front = ThreadingHTTPServer(("127.0.0.1", 0), front_handler(backend_port))
        threading.Thread(target=front.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{front.server_address[1]}"
        try:
            rows = {}
            for name, path in pages.items():
                say(f"Lighthouse (mobile) on {name}: {path}")
                rows[name] = run_lighthouse(lighthouse, base + path, REPORT_DIR / f"{name}.json")
        finally:
            front.shutdown()

    say("\npage      " + "  ".join(f"{name:>14}" for name in CATEGORIES))
    for name, (scores, _) in rows.items():
        say(f"{name:9} " + "  ".join(f"{scores[category]:>14}" for category in CATEGORIES))
    for name, (_, losing) in rows.items():
        for category, audits in losing.items():
            say(f"{name} {category}: {', '.join(audits)}")
    say(f"\nReports: {REPORT_DIR}/<page>.json")


if __name__ == "__main__":
    main()
