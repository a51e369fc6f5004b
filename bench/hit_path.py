"""Page-cache hits beside a plain Django view, alone: the issue 20 target without the rest of
``make bench``.

1. In process: the site's WSGI application (the page cache's WSGI layer in front of Django),
   Django's handler without the layer (hits answered by ``PageCacheMiddleware``) and
   bench/plain.py's application, each in a process of its own (plain.py is a Django project
   of its own), timed over the same request with the same bytes, in alternating rounds.
2. Over HTTP: ``measure_against_plain_view`` of bench/run.py (gunicorn and wrk), with the
   layer and without it.

It only reads the benchmark database (no migration, no generation): run ``make bench`` once
first. Its servers use ``BENCH_REDIS_URL`` (Redis database 1 by default).

    python bench/hit_path.py --duration 10 --rounds 5 --worker-classes sync
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import environment
from bench.run import (
    PLAIN_DIR,
    PLAIN_PAGES,
    RESULTS_DIR,
    Server,
    choose_pages,
    ensure_wrk,
    measure_against_plain_view,
    say,
)

# gunicorn builds this application by calling the factory: Django's handler, no WSGI layer.
DJANGO_ONLY_APPLICATION = "django.core.wsgi:get_wsgi_application()"
APPLICATIONS = ("layer", "django", "plain")


def wsgi_environ(path):
    """The environ gunicorn gives a ``GET path`` from wrk."""
    import io

    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "RAW_URI": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8110",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "40000",
        # As the test client sends it, so the page (its absolute URLs) has the bytes the
        # plain view sends.
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def time_application(which, path, count):
    """Microseconds per request of one application, in this process (a child of ``main``)."""
    if which == "plain":
        os.environ["BENCH_PLAIN_DIR"] = str(PLAIN_DIR)
        from bench.plain import application
    else:
        environment.setup_django(environment.production_environment(page_cache=True))
        from newsroom.wsgi import application

        if which == "django":
            application = application.application

    def start_response(status, headers, exc_info=None):
        start_response.status = status

    def call():
        body = application(wsgi_environ(path), start_response)
        size = sum(len(chunk) for chunk in body)
        if hasattr(body, "close"):
            body.close()
        return size

    sizes = {call() for _ in range(200)}  # the first stores the page; then hits
    assert start_response.status.startswith("200"), start_response.status
    started = time.perf_counter()
    for _ in range(count):
        call()
    elapsed = time.perf_counter() - started
    return {"us": round(elapsed / count * 1e6, 1), "bytes": sorted(sizes)}


def in_process(pages, rounds, count):
    """Alternate the applications, a fresh process each time, ``rounds`` times per page."""
    figures = {}
    for name in PLAIN_PAGES:
        paths = {"layer": pages[name], "django": pages[name], "plain": f"/{name}/"}
        runs = {which: [] for which in APPLICATIONS}
        for _ in range(rounds):
            for which in APPLICATIONS:
                output = subprocess.run(
                    [sys.executable, __file__, "--time", which, paths[which], str(count)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                result = json.loads(output.strip().splitlines()[-1])
                runs[which].append(result["us"])
                runs.setdefault(f"{which}_bytes", result["bytes"])
        figures[name] = {
            which: {"median_us": statistics.median(runs[which]), "runs_us": runs[which]}
            for which in APPLICATIONS
        }
        figures[name]["bytes"] = {which: runs[f"{which}_bytes"] for which in APPLICATIONS}
        plain = figures[name]["plain"]["median_us"]
        say(
            f"  {name} in process: layer {figures[name]['layer']['median_us']} us, middleware "
            f"{figures[name]['django']['median_us']} us, plain view {plain} us "
            f"(bytes {figures[name]['bytes']})"
        )
    return figures


def write_plain_pages(base, pages):
    """The bytes the plain view sends: this server's hits (their absolute URLs name the
    port wrk asks on)."""
    for name in PLAIN_PAGES:
        for _ in range(2):  # a miss stores the page, then a hit
            with urllib.request.urlopen(base + pages[name], timeout=30) as response:
                body = response.read()
        (PLAIN_DIR / f"{name}.html").write_bytes(body)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Page-cache hits beside a plain Django view.")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8170)
    parser.add_argument("--requests", type=int, default=5000, help="per in-process round")
    parser.add_argument(
        "--worker-classes", default="sync,gthread", type=lambda value: value.split(",")
    )
    parser.add_argument("--skip-http", action="store_true", help="in process only")
    parser.add_argument("--output", help="also write bench/results/<output>.json")
    parser.add_argument("--time", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.time:
        which, path, count = options.time
        print(json.dumps(time_application(which, path, int(count))))
        return

    environment.setup_django(environment.production_environment(page_cache=True))
    from django.test import Client

    pages = choose_pages()
    client = Client(SERVER_NAME="127.0.0.1")
    PLAIN_DIR.mkdir(parents=True, exist_ok=True)
    for name in PLAIN_PAGES:
        client.get(pages[name])
        hit = client.get(pages[name])
        assert hit["X-Page-Cache"] == "hit", name
        # What the plain view sends: the same bytes as this hit.
        (PLAIN_DIR / f"{name}.html").write_bytes(hit.content)
    (PLAIN_DIR / "health.html").write_bytes(b"ok")

    report = {"load_average_before": os.getloadavg()}
    say(f"in process, {options.requests} requests a round (load {os.getloadavg()[0]:.2f})")
    report["in_process"] = in_process(pages, options.rounds, options.requests)
    if not options.skip_http:
        wrk = ensure_wrk()
        report["http"] = {}
        for worker_class in options.worker_classes:
            for label, application in (
                ("layer", "newsroom.wsgi:application"),
                ("django", DJANGO_ONLY_APPLICATION),
            ):
                load = os.getloadavg()[0]
                say(f"gunicorn {worker_class}, {label} (load average {load:.2f})")
                with Server(
                    worker_class,
                    True,
                    options.port,
                    0,
                    workers=options.workers,
                    threads=options.threads,
                    application=application,
                    name=f"{worker_class}-hit-{label}",
                ):
                    write_plain_pages(f"http://127.0.0.1:{options.port}", pages)
                    figures = measure_against_plain_view(
                        wrk, f"http://127.0.0.1:{options.port}", pages, worker_class, options
                    )
                report["http"][f"{worker_class}-{label}"] = {
                    "load_average_before": load,
                    "load_average_after": os.getloadavg()[0],
                    **figures,
                }
    report["load_average_after"] = os.getloadavg()
    report["command"] = " ".join(["bench/hit_path.py", *(argv or sys.argv[1:])])
    report["finished"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = json.dumps(report, indent=1)
    print(text)
    if options.output:
        (RESULTS_DIR / f"{options.output}.json").write_text(text + "\n")


if __name__ == "__main__":
    main()
