"""The load benchmark: `make bench`.

1. Makes sure the benchmark database holds the archive (bench/generate.py; generated
   once, then reused; ``--regenerate`` forces it).
2. Counts the SQL queries of each page in this process (page cache off, then a cache hit)
   and runs ``EXPLAIN (ANALYZE, BUFFERS)`` on each of them.
3. Starts gunicorn with production settings (DEBUG off, Redis cache) on 127.0.0.1, with 2
   sync workers and then 2 gthread workers, each with the page cache on and off, and drives
   every page with wrk for a bounded time, next to the trivial ceiling view.
4. Writes bench/results/latest.md and latest.json (and explain.md), and stops every
   process it started.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import environment
from bench.profile import profile_article
from bench.text import TextGenerator

BASE_DIR = environment.BASE_DIR
RESULTS_DIR = BASE_DIR / "bench" / "results"
LOG_DIR = BASE_DIR / "var" / "bench"
VENV_BIN = Path(sys.executable).parent
# A place of middling frequency and a common word: a search that finds about 2% of the
# archive (the generator uses seed 8), ranked; see docs/performance.md for a broad query.
SEARCH_QUERY = f"{TextGenerator(seed=8, paragraph_pool=1).places[199]} harbour"
# One word in about three articles of four: the worst case, measured alone.
BROAD_SEARCH_QUERY = "harbour"
PAGE_NAMES = {
    "article": "Op-ed article (image, tags)",
    "home": "Home",
    "section": "Section, page 1",
    "tag": "Tag, page 1",
    "deep": "Section, page 500",
    "search": f"Search “{SEARCH_QUERY}”",
    "ceiling": "Ceiling (constant HTML)",
}
CONFIGURATIONS = [
    ("sync", True),
    ("sync", False),
    ("gthread", True),
    ("gthread", False),
]
# The plain Django view (bench/plain.py) serves the exact bytes of these pages' cache hits.
PLAIN_APPLICATION = "bench.plain:application"
PLAIN_DIR = LOG_DIR / "plain"
PLAIN_PAGES = ("article", "home")
PLAIN_TARGET = 0.95
TARGETS = {
    "article_cached_ratio": 0.8,
    "article_uncached_ratio": 0.4,
    "max_queries": 8,
    "p99_ms": 100,
    "search_p95_ms": 50,
    "rss_mb": 120,
}


def say(message):
    print(f"[bench {datetime.now(tz=UTC):%H:%M:%S}] {message}", flush=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() == 0:
        say("installing wrk from Debian's packages")
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        return shutil.which("wrk")
    sys.exit("The benchmark needs wrk. Install it with: sudo apt-get install wrk")


def check_services():
    """PostgreSQL and Redis must answer before anything starts; say how to start them."""
    import psycopg
    import redis

    database = environment.database_url()
    try:
        psycopg.connect(database.rsplit("/", 1)[0] + "/postgres", connect_timeout=5).close()
    except psycopg.OperationalError as error:
        sys.exit(
            f"The benchmark needs PostgreSQL at {database} ({error}). Start the machine's "
            "server (pg_ctlcluster 15 main start) or set BENCH_DATABASE_URL."
        )
    try:
        redis.Redis.from_url(environment.redis_url(), socket_timeout=5).ping()
    except redis.RedisError as error:
        sys.exit(
            f"The benchmark needs Redis at {environment.redis_url()} ({error}). Start it "
            "(redis-server --daemonize yes --bind 127.0.0.1 --maxmemory 256mb "
            "--maxmemory-policy allkeys-lru) or set BENCH_REDIS_URL."
        )


def prepare_data(articles, regenerate):
    """Migrate, then generate the archive unless one of the right size is there."""
    from django.core.management import call_command

    from articles.models import Article
    from bench.generate import generate

    call_command("migrate", interactive=False, verbosity=0)
    existing = Article.objects.count()
    if regenerate or existing != articles:
        say(f"generating {articles} articles (database has {existing})")
        generate(articles=articles)
    else:
        say(f"reusing the {existing} articles in the benchmark database")
    call_command("collectstatic", interactive=False, verbosity=0)


def choose_pages():
    """The URL of each page the benchmark measures."""
    from django.db.models import Count
    from taggit.models import Tag

    from articles.models import Article, Section

    article = (
        Article.objects.published()
        .filter(kind=Article.Kind.OP_ED, lead_image__isnull=False)
        .annotate(tag_count=Count("tags"))
        .filter(tag_count__gte=3)
        .select_related("section")
        .order_by("-published_at")
        .first()
    )
    section = Section.objects.order_by("order").first()
    # A tag in the upper middle of the long tail: thousands of articles, not the top one.
    tags = Tag.objects.annotate(uses=Count("articles_taggedarticle_items")).order_by("-uses")
    tag = tags[min(9, tags.count() - 1)]
    return {
        "article": article.get_absolute_url(),
        "home": "/",
        "section": f"/section/{section.slug}/",
        "tag": f"/tag/{tag.slug}/",
        "deep": f"/section/{section.slug}/?page=500",
        "search": "/search/?" + urllib.parse.urlencode({"q": SEARCH_QUERY}),
        "ceiling": "/bench/ceiling/",
    }


def last_page_fallback(url, client):
    """Page 500 when the archive has that many pages, else the last page of the section."""
    from django.core.paginator import Paginator

    from articles.models import Article

    response = client.get(url)
    if response.status_code == 200:
        return url
    slug = url.split("/")[2]
    count = Article.objects.latest().in_section(slug).count()
    per_page = 12
    last = Paginator(range(count), per_page).num_pages
    return f"/section/{slug}/?page={last}"


def count_queries(pages):
    """SQL queries and size of each page: page cache off, and a page-cache hit."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    pages["deep"] = last_page_fallback(pages["deep"], client)
    figures = {}
    for name, url in pages.items():
        if name == "ceiling":
            continue
        with override_settings(PUBLIC_PAGE_CACHE=False):
            client.get(url)  # warm the small object caches (navigation, site settings)
            with CaptureQueriesContext(connection) as uncached:
                response = client.get(url)
        # Read the captured queries now: the next request resets Django's query log.
        uncached_queries = list(uncached.captured_queries)
        status, size = response.status_code, len(response.content)
        with override_settings(PUBLIC_PAGE_CACHE=True):
            client.get(url)
            with CaptureQueriesContext(connection) as cached:
                hit = client.get(url)
            cached_queries = list(cached.captured_queries)
        if name in PLAIN_PAGES:
            # What the plain view will send: the same bytes as this hit.
            PLAIN_DIR.mkdir(parents=True, exist_ok=True)
            (PLAIN_DIR / f"{name}.html").write_bytes(hit.content)
            (PLAIN_DIR / "health.html").write_bytes(b"ok")
        figures[name] = {
            "url": url,
            "status": status,
            "bytes": size,
            "queries_uncached": len(uncached_queries),
            "queries_cached": len(cached_queries),
            "cache_control": hit.get("Cache-Control", ""),
            "etag": bool(hit.get("ETag")),
            "sql": [
                {"sql": query["sql"], "ms": round(float(query["time"]) * 1000, 2)}
                for query in uncached_queries
            ],
        }
        say(
            f"{name}: {status}, {size} bytes, {figures[name]['queries_uncached']} queries "
            f"uncached, {figures[name]['queries_cached']} on a cache hit"
        )
    return figures


def explain_queries(figures):
    """EXPLAIN (ANALYZE, BUFFERS) of every query of each page, slowest first."""
    from django.db import connection

    explains = {}
    with connection.cursor() as cursor:
        for name, page in figures.items():
            plans = []
            for query in page["sql"]:
                if not query["sql"].startswith("SELECT"):
                    continue
                # Timed once more, warm (the first run may have read cold pages).
                started = time.perf_counter()
                cursor.execute(query["sql"])
                cursor.fetchall()
                duration = time.perf_counter() - started
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
                plans.append({"sql": query["sql"], "ms": round(duration * 1000, 2), "plan": plan})
            explains[name] = sorted(plans, key=lambda plan: -plan["ms"])
    return explains


class Server:
    """gunicorn with production settings on 127.0.0.1; always stopped on exit."""

    def __init__(
        self,
        worker_class,
        page_cache,
        port,
        ceiling_bytes,
        workers=2,
        threads=4,
        application="newsroom.wsgi:application",
        name=None,
        **extra,
    ):
        self.worker_class = worker_class
        self.page_cache = page_cache
        self.port = port
        self.process = None
        self.plain = application == PLAIN_APPLICATION
        cache_word = "plain" if self.plain else "cache" if page_cache else "nocache"
        self.name = name or f"{worker_class}-{cache_word}"
        self.command = [
            str(VENV_BIN / "gunicorn"),
            application,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
            "--chdir",
            str(BASE_DIR),
        ]
        if worker_class == "gthread":
            self.command += ["--threads", str(threads)]
        self.environment = environment.production_environment(
            page_cache=page_cache, BENCH_CEILING=1, BENCH_CEILING_BYTES=ceiling_bytes, **extra
        )
        if self.plain:
            # A project of its own (bench/plain.py configures it): not the site's settings.
            del self.environment["DJANGO_SETTINGS_MODULE"]
            self.environment["BENCH_PLAIN_DIR"] = str(PLAIN_DIR)
        self.health_path = "/health/" if self.plain else "/healthz"

    def __enter__(self):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise RuntimeError(f"port {self.port} is in use: stop that server or pass --port")
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self.log = open(LOG_DIR / f"gunicorn-{self.name}.log", "w")
        self.process = subprocess.Popen(
            self.command,
            env=self.environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=BASE_DIR,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log.name}")
            try:
                url = f"http://127.0.0.1:{self.port}{self.health_path}"
                with urllib.request.urlopen(url, timeout=2):
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer {self.health_path} within 60 s")

    def worker_rss_mb(self):
        import psutil

        master = psutil.Process(self.process.pid)
        return [round(child.memory_info().rss / 2**20, 1) for child in master.children()]

    def __exit__(self, *exc_info):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def run_wrk(wrk, url, duration, connections):
    command = [
        wrk,
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{duration}s",
        "--timeout",
        "5s",
        "--script",
        str(BASE_DIR / "bench" / "report.lua"),
        url,
    ]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=duration + 30
    ).stdout
    match = re.search(r"^BENCH-JSON (.*)$", output, re.MULTILINE)
    data = json.loads(match.group(1))
    seconds = data["duration_us"] / 1e6
    latency = data["latency_us"]
    return {
        "requests_per_second": round(data["requests"] / seconds, 1),
        "requests": data["requests"],
        "p50_ms": round(latency["p50"] / 1000, 2),
        "p95_ms": round(latency["p95"] / 1000, 2),
        "p99_ms": round(latency["p99"] / 1000, 2),
        "max_ms": round(latency["max"] / 1000, 2),
        "errors": sum(data["errors"].values()),
        "error_detail": data["errors"],
    }


def combine_slices(slices):
    """One figure from several short wrk runs: throughput over all of them, the median
    p50, and the worst p95 and p99 of any slice (an upper bound)."""
    requests = sum(part["requests"] for part in slices)
    seconds = sum(
        part["requests"] / part["requests_per_second"] for part in slices if part["requests"]
    )
    return {
        "requests_per_second": round(requests / seconds, 1) if seconds else 0.0,
        "requests": requests,
        "p50_ms": statistics.median(part["p50_ms"] for part in slices),
        "p95_ms": max(part["p95_ms"] for part in slices),
        "p99_ms": max(part["p99_ms"] for part in slices),
        "max_ms": max(part["max_ms"] for part in slices),
        "errors": sum(part["errors"] for part in slices),
        "slices": len(slices),
    }


def measure_against_ceiling(wrk, url, ceiling_url, options):
    """Alternate short runs of the page and of the ceiling page, so that other load on the
    machine weighs on both alike; the ratio is the median of the paired ratios."""
    run_wrk(wrk, ceiling_url, options.warmup, 4)
    run_wrk(wrk, url, options.warmup, 4)
    slice_seconds = max(1, options.duration // options.rounds)
    page_slices, ceiling_slices, ratios = [], [], []
    for _ in range(options.rounds):
        ceiling = run_wrk(wrk, ceiling_url, slice_seconds, options.connections)
        page = run_wrk(wrk, url, slice_seconds, options.connections)
        ceiling_slices.append(ceiling)
        page_slices.append(page)
        ratios.append(page["requests_per_second"] / (ceiling["requests_per_second"] or 1))
    figures = combine_slices(page_slices)
    figures["ratio"] = round(statistics.median(ratios), 3)
    figures["ratios"] = [round(ratio, 3) for ratio in ratios]
    return figures, ceiling_slices


def measure_against_plain_view(wrk, base, pages, worker_class, options):
    """Each cached page in alternation with a plain Django view sending the same bytes
    (bench/plain.py, a second gunicorn like the first): the hit path's cost over Django's."""
    figures = {}
    with Server(
        worker_class,
        True,
        options.port + 1,
        0,
        workers=options.workers,
        threads=options.threads,
        application=PLAIN_APPLICATION,
    ):
        plain_base = f"http://127.0.0.1:{options.port + 1}"
        for name in PLAIN_PAGES:
            page, plain_slices = measure_against_ceiling(
                wrk, base + pages[name], f"{plain_base}/{name}/", options
            )
            plain = combine_slices(plain_slices)
            figures[name] = {"page": page, "plain": plain}
            say(
                f"  {name} hit: {page['requests_per_second']} req/s, {page['ratio']} of the "
                f"plain view ({plain['requests_per_second']} req/s); p99 {page['p99_ms']} ms "
                f"against {plain['p99_ms']} ms"
            )
    return figures


def load_test(wrk, pages, options, ceiling_bytes):
    runs = []
    for worker_class, page_cache in CONFIGURATIONS:
        if worker_class not in options.worker_classes:
            continue
        if options.page_cache != "both" and page_cache != (options.page_cache == "on"):
            continue
        label = f"{worker_class}, page cache {'on' if page_cache else 'off'}"
        # Other work on the machine skews every figure: record how busy it was.
        load_before = round(os.getloadavg()[0], 2)
        say(f"gunicorn {label} (load average {load_before})")
        with Server(
            worker_class,
            page_cache,
            options.port,
            ceiling_bytes,
            workers=options.workers,
            threads=options.threads,
        ) as server:
            base = f"http://127.0.0.1:{options.port}"
            results = {}
            ceiling_slices = []
            for name, path in pages.items():
                if name == "ceiling":
                    continue
                results[name], ceilings = measure_against_ceiling(
                    wrk, base + path, base + pages["ceiling"], options
                )
                ceiling_slices += ceilings
                say(
                    f"  {name}: {results[name]['requests_per_second']} req/s "
                    f"({results[name]['ratio']} of the ceiling), "
                    f"p99 {results[name]['p99_ms']} ms, {results[name]['errors']} errors"
                )
            results["ceiling"] = combine_slices(ceiling_slices)
            results["ceiling"]["ratio"] = 1.0
            plain = (
                measure_against_plain_view(wrk, base, pages, worker_class, options)
                if page_cache
                else None
            )
            if not page_cache:
                # Search latency without queueing: one connection, page cache off.
                results["search"]["single_connection"] = run_wrk(
                    wrk, base + pages["search"], options.duration, 1
                )
                alone = results["search"]["single_connection"]
                say(f"  search, one connection: p95 {alone['p95_ms']} ms")
                broad = base + "/search/?" + urllib.parse.urlencode({"q": BROAD_SEARCH_QUERY})
                results["search"]["broad_single_connection"] = run_wrk(
                    wrk, broad, options.duration, 1
                )
                alone = results["search"]["broad_single_connection"]
                say(f"  broad search, one connection: p95 {alone['p95_ms']} ms")
            rss = server.worker_rss_mb()
            say(f"  worker RSS: {rss} MB")
        runs.append(
            {
                "worker_class": worker_class,
                "page_cache": page_cache,
                "label": label,
                "pages": results,
                "plain_view": plain,
                "worker_rss_mb": rss,
                "load_average_before": load_before,
                "load_average_after": round(os.getloadavg()[0], 2),
            }
        )
    return runs


def describe_machine(wrk):
    import django
    import gunicorn
    import psutil
    from django.db import connection

    cpu_model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    wrk_version = subprocess.run([wrk, "--version"], capture_output=True, text=True).stdout
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "postgresql": postgres,
        "wrk": wrk_version.split()[1] if wrk_version else "?",
    }


def archive_size():
    from django.db.models import Count
    from taggit.models import Tag

    from accounts.models import AuthorProfile
    from articles.models import Article, Section

    return {
        "articles": Article.objects.count(),
        "published": Article.objects.published().count(),
        "sections": Section.objects.count(),
        "authors": AuthorProfile.objects.count(),
        "tags": Tag.objects.count(),
        "search_matches": Article.objects.published()
        .filter(search_vector=SEARCH_QUERY)
        .aggregate(count=Count("id"))["count"],
        "broad_search_matches": Article.objects.published()
        .filter(search_vector=BROAD_SEARCH_QUERY)
        .aggregate(count=Count("id"))["count"],
    }


def verdicts(queries, runs):
    """Each target with the measured figure and whether it is met."""
    by_label = {(run["worker_class"], run["page_cache"]): run for run in runs}
    results = []

    def add(target, limit, value, met, where):
        results.append(
            {"target": target, "limit": limit, "value": value, "met": met, "where": where}
        )

    for worker_class in ("sync", "gthread"):
        cached = by_label.get((worker_class, True))
        uncached = by_label.get((worker_class, False))
        if cached:
            ratio = cached["pages"]["article"]["ratio"]
            add(
                "article page with cache, ratio to ceiling",
                "≥ 0.8",
                ratio,
                ratio >= 0.8,
                worker_class,
            )
        if uncached:
            ratio = uncached["pages"]["article"]["ratio"]
            add("article page without cache, ratio", "≥ 0.4", ratio, ratio >= 0.4, worker_class)
            search = uncached["pages"]["search"]["p95_ms"]
            add(
                "search p95, 16 connections, no page cache",
                "< 50 ms",
                search,
                search < 50,
                worker_class,
            )
            for key, what in (
                ("single_connection", "search p95, one connection, no page cache"),
                ("broad_single_connection", "broad search p95, one connection, no page cache"),
            ):
                alone = uncached["pages"]["search"].get(key)
                if alone:
                    add(what, "< 50 ms", alone["p95_ms"], alone["p95_ms"] < 50, worker_class)
        for run in (cached, uncached):
            if run:
                worst = max(
                    (figures["p99_ms"], name)
                    for name, figures in run["pages"].items()
                    if name != "ceiling"
                )
                add(
                    "worst page p99",
                    "< 100 ms",
                    f"{worst[0]} ({worst[1]})",
                    worst[0] < 100,
                    run["label"],
                )
                rss = max(run["worker_rss_mb"] or [0])
                add("worker RSS after the run", "< 120 MB", rss, rss < 120, run["label"])
    for run in runs:
        for name, figures in (run.get("plain_view") or {}).items():
            page, plain = figures["page"], figures["plain"]
            add(
                f"{PAGE_NAMES[name]} cache hit, share of a plain Django view",
                f"≥ {PLAIN_TARGET}",
                page["ratio"],
                page["ratio"] >= PLAIN_TARGET,
                run["label"],
            )
            add(
                f"{PAGE_NAMES[name]} cache hit p99, against the plain view's",
                f"≤ {plain['p99_ms']} ms",
                page["p99_ms"],
                page["p99_ms"] <= plain["p99_ms"],
                run["label"],
            )
    most = max((page["queries_uncached"], name) for name, page in queries.items())
    add(
        "SQL queries per page, uncached", "≤ 8", f"{most[0]} ({most[1]})", most[0] <= 8, "all pages"
    )
    return results


def write_results(report):
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"{report['options']['output']}.json").write_text(
        json.dumps(report, indent=2, default=str) + "\n"
    )
    lines = [
        "# Benchmark results",
        "",
        f"Measured {report['finished']} with `{report['command']}` "
        f"({report['options']['duration']} s per page, {report['options']['connections']} "
        f"connections, wrk on 127.0.0.1).",
        "",
        "Machine: {cpus} CPUs ({cpu_model}), {memory_gb} GB memory; Python {python}, "
        "Django {django}, gunicorn {gunicorn}, PostgreSQL {postgresql}, wrk {wrk}.".format(
            **report["machine"]
        ),
        "",
        "Archive: {articles} articles ({published} public) in {sections} sections by {authors} "
        "authors with {tags} tags; the search query matches {search_matches} articles, the "
        "broad one (“{broad}”) {broad_search_matches}.".format(
            broad=BROAD_SEARCH_QUERY, **report["archive"]
        ),
        "",
        "## Throughput as a share of the ceiling (headline)",
        "",
        "Each page's requests per second divided by those of the constant page of the same "
        "size (bench/ceiling.py) on the same server: the page and the ceiling alternate in "
        f"{report['options']['rounds']} short runs each, and the ratio is the median of the "
        "paired ratios. p95 and p99 are the worst of the runs.",
        "",
        "| page | " + " | ".join(run["label"] for run in report["runs"]) + " |",
        "| --- | " + " | ".join("---:" for _ in report["runs"]) + " |",
    ]
    for name in PAGE_NAMES:
        lines.append(
            f"| {PAGE_NAMES[name]} | "
            + " | ".join(f"{run['pages'][name]['ratio']:.2f}" for run in report["runs"])
            + " |"
        )
    for run in report["runs"]:
        lines += [
            "",
            f"## gunicorn, 2 workers, {run['label']}",
            "",
            "| page | req/s | ratio | p50 ms | p95 ms | p99 ms | errors |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, figures in run["pages"].items():
            lines.append(
                f"| {PAGE_NAMES[name]} | {figures['requests_per_second']:.0f} | "
                f"{figures['ratio']:.2f} | {figures['p50_ms']} | {figures['p95_ms']} | "
                f"{figures['p99_ms']} | {figures['errors']} |"
            )
        lines += [
            "",
            *(
                line
                for key, what in (
                    ("single_connection", "Search"),
                    ("broad_single_connection", f"Broad search “{BROAD_SEARCH_QUERY}”"),
                )
                if (alone := run["pages"]["search"].get(key))
                for line in (
                    f"{what} alone (one connection): p50 {alone['p50_ms']} ms, p95 "
                    f"{alone['p95_ms']} ms, p99 {alone['p99_ms']} ms, "
                    f"{alone['requests_per_second']:.0f} req/s.",
                    "",
                )
            ),
            f"Worker RSS after the run: {', '.join(f'{mb} MB' for mb in run['worker_rss_mb'])}. "
            f"Machine load average (1 min) before: {run['load_average_before']}, "
            f"after: {run['load_average_after']} (2 would be both cores busy).",
        ]
    plain_runs = [run for run in report["runs"] if run.get("plain_view")]
    if plain_runs:
        lines += [
            "",
            "## Cache hits beside a plain Django view",
            "",
            "A plain Django view (bench/plain.py: no apps, no middleware) sending the same bytes "
            "as the page's cache hit, on a second gunicorn with the same settings, alternating "
            "with the page as the ceiling does. Both ratios: to the plain view and to the "
            "constant page through the full middleware (the ceiling).",
            "",
            "| page | server | hit req/s | plain view req/s | share of the plain view | share of "
            "the ceiling | hit p99 ms | plain view p99 ms |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for run in plain_runs:
            for name, figures in run["plain_view"].items():
                page, plain = figures["page"], figures["plain"]
                lines.append(
                    f"| {PAGE_NAMES[name]} | {run['label']} | {page['requests_per_second']:.0f} | "
                    f"{plain['requests_per_second']:.0f} | {page['ratio']:.2f} | "
                    f"{run['pages'][name]['ratio']:.2f} | {page['p99_ms']} | {plain['p99_ms']} |"
                )
    lines += [
        "",
        "## SQL queries per request (in-process pass)",
        "",
        "| page | URL | status | bytes | queries, page cache off | queries, cache hit |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for name, page in report["queries"].items():
        lines.append(
            f"| {PAGE_NAMES[name]} | `{page['url']}` | {page['status']} | {page['bytes']} | "
            f"{page['queries_uncached']} | {page['queries_cached']} |"
        )
    lines += [
        "",
        "## Targets",
        "",
        "| target | limit | measured | where | met |",
        "| --- | --- | --- | --- | --- |",
    ]
    for verdict in report["verdicts"]:
        lines.append(
            f"| {verdict['target']} | {verdict['limit']} | {verdict['value']} | "
            f"{verdict['where']} | {'yes' if verdict['met'] else '**no**'} |"
        )
    if report["in_process_ms"]:
        timings = report["in_process_ms"]
        lines += [
            "",
            "## One request in process (no server, no load)",
            "",
            f"Article page without the page cache {timings['uncached']} ms (rendered again and "
            f"again), {timings.get('uncached-distinct')} ms (articles spread over the archive, "
            f"once each, from an empty cache), from the page cache {timings['cached']} ms, "
            f"constant ceiling page {timings['ceiling']} ms. Profiles: "
            "[uncached](profile-article-uncached.txt), [cached](profile-article-cached.txt), "
            "[ceiling](profile-article-ceiling.txt).",
        ]
    lines += ["", "Query plans of every query of each page: [explain.md](explain.md).", ""]
    (RESULTS_DIR / f"{report['options']['output']}.md").write_text("\n".join(lines))

    explain_lines = [
        "# Query plans at benchmark scale",
        "",
        "Every query of each page (page cache off), slowest first, with "
        "`EXPLAIN (ANALYZE, BUFFERS)`; written by bench/run.py.",
        "",
    ]
    for name, plans in report["explains"].items():
        explain_lines += [f"## {PAGE_NAMES[name]} (`{report['queries'][name]['url']}`)", ""]
        for plan in plans:
            explain_lines += [
                f"### {plan['ms']} ms",
                "",
                "```sql",
                plan["sql"],
                "```",
                "",
                "```",
                plan["plan"],
                "```",
                "",
            ]
    (RESULTS_DIR / "explain.md").write_text("\n".join(explain_lines))


def main(argv=None):
    parser = argparse.ArgumentParser(description="Load benchmark of the public pages.")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--regenerate", action="store_true", help="generate the archive anew")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of warm-up per page")
    parser.add_argument(
        "--rounds", type=int, default=5, help="page and ceiling runs alternate this many times"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument(
        "--worker-classes", default="sync,gthread", type=lambda value: value.split(",")
    )
    parser.add_argument("--output", default="latest", help="name of the results files")
    parser.add_argument(
        "--page-cache", choices=["both", "on", "off"], default="both", help="configurations"
    )
    options = parser.parse_args(argv)
    started = time.monotonic()
    # Stopped from outside (kill, or Ctrl-C even when started in the background): unwind,
    # so the running gunicorn is stopped by its context manager.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("bench: stopped"))
    signal.signal(signal.SIGINT, signal.default_int_handler)

    wrk = ensure_wrk()
    check_services()
    environment.ensure_database(environment.database_url())
    environment.setup_django(environment.production_environment(page_cache=True, BENCH_CEILING=1))
    from django.core.cache import cache

    prepare_data(options.articles, options.regenerate)
    cache.clear()  # the benchmark's own Redis database: start from a cold page cache
    pages = choose_pages()
    queries = count_queries(pages)
    explains = explain_queries(queries)
    ceiling_bytes = queries["article"]["bytes"]
    profile_ms = profile_article(pages["article"], RESULTS_DIR, ceiling_bytes)
    say(f"in-process ms per request (article uncached, cached, ceiling): {profile_ms}")
    runs = load_test(wrk, pages, options, ceiling_bytes)

    report = {
        "finished": f"{datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC",
        "command": "make bench"
        if not argv and len(sys.argv) == 1
        else " ".join(["bench/run.py", *sys.argv[1:]]),
        "seconds": round(time.monotonic() - started),
        "options": vars(options),
        "machine": describe_machine(wrk),
        "archive": archive_size(),
        "queries": queries,
        "explains": explains,
        "in_process_ms": profile_ms,
        "runs": runs,
    }
    report["verdicts"] = verdicts(queries, runs)
    write_results(report)
    say(f"done in {report['seconds']} s: bench/results/{options.output}.md")


if __name__ == "__main__":
    main()
