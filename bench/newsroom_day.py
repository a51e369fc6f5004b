"""The newsroom-day benchmark: readers over the whole archive while the newsroom publishes.

    .venv/bin/python bench/newsroom_day.py            # `make bench` runs it after bench/run.py

Readers ask for paths drawn from the 100,000-article benchmark archive (bench/generate.py):
80% article pages, picked by a Zipf law over recency (the newest most read, exponent 1.05),
and 20% fronts: the home page, the section fronts and the tag fronts (tags by a Zipf law over
how much they are used). wrk (bench/newsroom_day.lua) sends them over 16 connections, asking
for gzip as browsers do, for at least 60 s per run, while the desk (bench/desk.py) publishes
or edits through the one write path: (a) never, (b) every 10 s, (c) every 2 s.

Each run is measured twice: through Varnish (deploy/varnish/newsroom.vcl, started by
bench/varnish.py as tests/edge starts it) in front of two gunicorn app servers, and straight
at the two app servers (wrk gives each server half the connections). Before each run the
caches are emptied (Redis, and Varnish started afresh), then warmed for ``--warmup`` seconds
with readers of another draw of the same law; the desk starts with the measured run.

Beside each run, the ceilings: the constant page of bench/ceiling.py straight at the app
servers, and, in the Varnish runs, one cached article page through Varnish and nginx serving
a static file of the same bytes (the machine's limit for a cached page). Results go to
bench/results/newsroom-day.md and .json. Loopback only; every process started is stopped.
"""

import argparse
import itertools
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import environment
from bench.text import zipf_weights

BASE_DIR = environment.BASE_DIR
RESULTS_DIR = BASE_DIR / "bench" / "results"
LOG_DIR = BASE_DIR / "var" / "bench" / "newsroom-day"
VENV_BIN = Path(sys.executable).parent
SCRIPT = BASE_DIR / "bench" / "newsroom_day.lua"

ZIPF_EXPONENT = 1.05
# What readers ask for: article pages, and the fronts.
SHARES = {"article": 0.80, "home": 0.08, "section": 0.06, "tag": 0.06}
# Seconds between two changes of the desk; None: no publishing.
MODES = {"none": None, "10s": 10, "2s": 2}
MODE_NAMES = {
    "none": "no publishing",
    "10s": "a publish or edit every 10 s",
    "2s": "a publish or edit every 2 s",
}
TOPOLOGIES = {
    "varnish": "through Varnish, 2 app servers",
    "app": "straight at the 2 app servers",
}
TARGETS = {
    "app_10s_of_ceiling": 0.2,
    "app_10s_of_no_publishing": 0.8,
    "varnish_page_of_nginx": 0.5,
}
CEILING_NAMES = {
    "app_constant": "constant page (bench/ceiling.py) at the 2 app servers",
    "varnish_page": "one cached article page through Varnish",
    "nginx_static": "nginx, a static file of the same bytes",
}
WRK_THREADS = 2
STATIC_FILE = "/page.html"


def say(message):
    print(f"[newsroom day {datetime.now(tz=UTC):%H:%M:%S}] {message}", flush=True)


# --- The readers' paths -------------------------------------------------------------------


def zipf_sample(rng, items, count, exponent=ZIPF_EXPONENT):
    """``count`` draws from ``items`` (most popular first) by a Zipf law: the item of rank
    ``r`` is drawn in proportion to ``1 / r ** exponent``."""
    if not items or not count:
        return []
    cumulative = list(itertools.accumulate(zipf_weights(len(items), exponent)))
    return rng.choices(items, cum_weights=cumulative, k=count)


def build_paths(articles, sections, tags, count, seed, exponent=ZIPF_EXPONENT, shares=SHARES):
    """``count`` reader requests in order: ``articles`` are article paths, newest first;
    ``sections`` section front paths; ``tags`` tag front paths, most used first."""
    rng = random.Random(seed)
    kinds = rng.choices(list(shares), weights=list(shares.values()), k=count)
    wanted = {kind: kinds.count(kind) for kind in shares}
    draws = {
        "article": iter(zipf_sample(rng, articles, wanted["article"], exponent)),
        "home": itertools.repeat("/"),
        "section": iter(rng.choices(sections, k=wanted["section"]) if sections else []),
        "tag": iter(zipf_sample(rng, tags, wanted["tag"], exponent)),
    }
    return [next(draws[kind]) for kind in kinds]


def write_paths(paths, file):
    Path(file).write_text("".join(f"{path}\n" for path in paths))


def archive_paths():
    """The paths readers can ask for: articles newest first, sections, tags most used first."""
    from django.db.models import Count
    from taggit.models import Tag

    from articles.models import Article, Section

    articles = [
        article.get_absolute_url()
        for article in Article.objects.latest()
        .select_related("section")
        .only("slug", "section__slug")
        .iterator(chunk_size=5000)
    ]
    sections = [
        f"/section/{slug}/"
        for slug in Section.objects.order_by("order").values_list("slug", flat=True)
    ]
    tags = [
        f"/tag/{slug}/"
        for slug in Tag.objects.annotate(uses=Count("articles_taggedarticle_items"))
        .filter(uses__gt=0)
        .order_by("-uses", "pk")
        .values_list("slug", flat=True)
    ]
    return articles, sections, tags


# --- wrk's figures ---------------------------------------------------------------------------


def parse_wrk(output):
    """The figures of one wrk run from its output (the NEWSDAY-JSON line of the script)."""
    match = re.search(r"^NEWSDAY-JSON (.*)$", output, re.MULTILINE)
    if match is None:
        raise ValueError(f"wrk printed no figures:\n{output[-2000:]}")
    data = json.loads(match.group(1))
    counts = data["counts"]
    seconds = data["duration_us"] / 1e6
    requests = data["requests"]
    edge = counts["edge_hit"] + counts["edge_grace"] + counts["edge_miss"]
    app = ("app_hit", "app_renewed", "app_stale", "app_miss", "app_none")
    answered = edge or sum(counts[name] for name in app)
    if edge:
        # Through Varnish: what it served from its cache (grace included).
        hits = counts["edge_hit"] + counts["edge_grace"]
    else:
        # Straight at the app: pages served from its cache without rendering (a stale copy
        # handed out while another request renders the page counts as a hit, and so does a
        # page that only took new sidebars).
        hits = counts["app_hit"] + counts["app_renewed"] + counts["app_stale"]
    latency = data["latency_us"]
    return {
        "requests_per_second": round(requests / seconds, 1) if seconds else 0.0,
        "requests": requests,
        "seconds": round(seconds, 1),
        "bytes_per_response": round(data["bytes"] / requests) if requests else 0,
        "hit_ratio": round(hits / answered, 3) if answered else None,
        "renewed_ratio": round(counts["app_renewed"] / answered, 3) if answered else None,
        "p50_ms": round(latency["p50"] / 1000, 2),
        "p90_ms": round(latency["p90"] / 1000, 2),
        "p99_ms": round(latency["p99"] / 1000, 2),
        "max_ms": round(latency["max"] / 1000, 2),
        "errors": sum(data["errors"].values()) + counts["not_ok"] - data["errors"]["status"],
        "error_detail": {**data["errors"], "not_200": data.get("statuses", {})},
        "counts": counts,
    }


def combine(runs):
    """One figure from several runs of the same thing: the throughput over all of them, the
    median p50 and the worst p99 (an upper bound)."""
    requests = sum(run["requests"] for run in runs)
    seconds = sum(run["seconds"] for run in runs)
    return {
        "requests_per_second": round(requests / seconds, 1) if seconds else 0.0,
        "requests": requests,
        "seconds": round(seconds, 1),
        "p50_ms": round(statistics.median(run["p50_ms"] for run in runs), 2),
        "p99_ms": max(run["p99_ms"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "runs": len(runs),
    }


def ratio(part, whole):
    return round(part / whole, 3) if whole else 0.0


def verdicts(report):
    """Each target with the measured figure and whether it is met."""
    runs = report["runs"]
    ceilings = report["ceilings"]
    results = []

    def add(target, limit, value, met):
        results.append({"target": target, "limit": limit, "value": value, "met": met})

    app_10s = runs.get("app/10s", {}).get("requests_per_second")
    app_none = runs.get("app/none", {}).get("requests_per_second")
    if app_10s is not None and "app_constant" in ceilings:
        value = ratio(app_10s, ceilings["app_constant"]["requests_per_second"])
        limit = TARGETS["app_10s_of_ceiling"]
        add(
            "app, publish every 10 s, share of the constant page",
            f"≥ {limit}",
            value,
            value >= limit,
        )
    if app_10s is not None and app_none:
        value = ratio(app_10s, app_none)
        limit = TARGETS["app_10s_of_no_publishing"]
        add("app, publish every 10 s, share of no publishing", f"≥ {limit}", value, value >= limit)
    if "varnish_page" in ceilings and "nginx_static" in ceilings:
        value = ratio(
            ceilings["varnish_page"]["requests_per_second"],
            ceilings["nginx_static"]["requests_per_second"],
        )
        limit = TARGETS["varnish_page_of_nginx"]
        add("Varnish, cached page, share of nginx static", f"≥ {limit}", value, value >= limit)
    errors = sum(run["errors"] for run in runs.values()) + sum(
        ceiling["errors"] for ceiling in ceilings.values()
    )
    add("errors, every run and ceiling", "0", errors, errors == 0)
    return results


# --- The servers ---------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class StaticFileServer:
    """nginx on 127.0.0.1:``port`` serving ``body`` at ``STATIC_FILE``: the machine's limit
    for sending a page of that size (``make nginx`` installs it); always stopped on exit."""

    def __init__(self, port, body, log_dir):
        self.port = port
        self.body = body
        self.log_dir = Path(log_dir)
        self.process = None

    def __enter__(self):
        nginx = "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise RuntimeError(
                "The benchmark needs nginx: run `make nginx` (apt-get install nginx-light)."
            )
        self.prefix = Path(tempfile.mkdtemp(prefix="newsroom-nginx-"))
        root = self.prefix / "root"
        root.mkdir()
        (root / STATIC_FILE.lstrip("/")).write_bytes(self.body)
        # nginx's workers drop root: let them read the file.
        for path in (self.prefix, root):
            path.chmod(0o755)
        (root / STATIC_FILE.lstrip("/")).chmod(0o644)
        configuration = self.prefix / "nginx.conf"
        configuration.write_text(
            "daemon off;\n"
            "worker_processes auto;\n"
            f"pid {self.prefix}/nginx.pid;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            "    access_log off;\n"
            "    sendfile on;\n"
            "    tcp_nopush on;\n"
            "    keepalive_requests 1000000;\n"
            f"    client_body_temp_path {self.prefix}/body;\n"
            f"    proxy_temp_path {self.prefix}/proxy;\n"
            f"    fastcgi_temp_path {self.prefix}/fastcgi;\n"
            f"    uwsgi_temp_path {self.prefix}/uwsgi;\n"
            f"    scgi_temp_path {self.prefix}/scgi;\n"
            "    default_type text/html;\n"
            f"    server {{ listen 127.0.0.1:{self.port}; root {root}; }}\n"
            "}\n"
        )
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.log = open(self.log_dir / "nginx.log", "w")
        self.process = subprocess.Popen(
            [
                nginx,
                "-p",
                str(self.prefix),
                "-e",
                str(self.log_dir / "nginx-error.log"),
                "-c",
                str(configuration),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}{STATIC_FILE}", timeout=2
                ):
                    return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"nginx did not start; see {self.log_dir}")

    def __exit__(self, *exc_info):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: the workers finish and go
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        subprocess.run(["rm", "-rf", str(self.prefix)], check=False)


class AppServers:
    """Two gunicorn app servers (bench/run.py's ``Server``) with the settings of a topology."""

    def __init__(self, ports, workers, ceiling_bytes, **settings):
        from bench.run import Server

        self.servers = [
            Server(
                "sync",
                True,
                port,
                ceiling_bytes,
                workers=workers,
                name=f"newsroom-day-{number}",
                **settings,
            )
            for number, port in enumerate(ports, start=1)
        ]

    def __enter__(self):
        started = []
        try:
            for server in self.servers:
                started.append(server.__enter__())
        except BaseException:
            for server in reversed(started):
                server.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc_info):
        for server in reversed(self.servers):
            if server.process is not None:
                server.__exit__(*exc_info)


class Desk:
    """bench/desk.py in its own process, publishing or editing every ``every`` seconds."""

    def __init__(self, every, seconds, purge_urls):
        self.every = every
        self.seconds = seconds
        self.environment = {**os.environ, "VARNISH_PURGE_URLS": ",".join(purge_urls)}
        self.process = None

    def __enter__(self):
        if self.every is None:
            return self
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(BASE_DIR / "bench" / "desk.py"),
                "--every",
                str(self.every),
                "--seconds",
                str(self.seconds),
            ],
            env=self.environment,
            stdout=subprocess.PIPE,
            text=True,
            cwd=BASE_DIR,
        )
        # The desk sets Django up first; its clock starts with the measured run.
        line = self.process.stdout.readline()
        if json.loads(line or "{}").get("action") != "ready":
            raise RuntimeError("bench/desk.py did not start; see its output above")
        return self

    def changes(self):
        """The changes the desk made (waits for it to finish)."""
        if self.process is None:
            return []
        stdout, _ = self.process.communicate(timeout=self.seconds + 120)
        if self.process.returncode:
            raise RuntimeError(f"bench/desk.py failed ({self.process.returncode})")
        return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]

    def __exit__(self, *exc_info):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def desk_figures(changes):
    seconds = [change["seconds"] for change in changes]
    return {
        "publishes": sum(change["action"] == "publish" for change in changes),
        "edits": sum(change["action"] == "edit" for change in changes),
        "write_ms_median": round(statistics.median(seconds) * 1000) if seconds else None,
        "write_ms_max": round(max(seconds) * 1000) if seconds else None,
    }


# --- Running it ----------------------------------------------------------------------------


def run_wrk(wrk, paths_file, ports, seconds, connections):
    command = [
        wrk,
        *("--threads", str(WRK_THREADS), "--connections", str(connections)),
        *("--duration", f"{seconds}s", "--timeout", "5s", "--script", str(SCRIPT)),
        f"http://127.0.0.1:{ports[0]}/",
    ]
    env = {
        **os.environ,
        "NEWSDAY_PATHS": str(paths_file),
        "NEWSDAY_PORTS": ",".join(str(port) for port in ports),
        "NEWSDAY_THREADS": str(WRK_THREADS),
    }
    done = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 60, env=env
    )
    return parse_wrk(done.stdout)


def empty_app_cache():
    from django.core.cache import cache

    cache.clear()


def describe(figures):
    hit = "-" if figures.get("hit_ratio") is None else f"{figures['hit_ratio']:.2f}"
    return (
        f"{figures['requests_per_second']} req/s, hit ratio {hit}, p50 {figures['p50_ms']} ms, "
        f"p99 {figures['p99_ms']} ms, {figures['errors']} errors"
    )


class Benchmark:
    """The runs of each topology and mode, and the ceiling runs beside them."""

    def __init__(self, wrk, options, files, pages):
        self.wrk = wrk
        self.options = options
        self.files = files
        self.pages = pages
        self.app_ports = [free_port(), free_port()]
        self.varnish_port, self.nginx_port = free_port(), free_port()
        self.purge_url = f"http://127.0.0.1:{self.varnish_port}/"
        self.runs = {}
        self.slices = {name: [] for name in CEILING_NAMES}
        self.static_bytes = None
        for name, path in (
            ("constant", "/bench/ceiling/"),
            ("article", pages["article"]),
            ("static", STATIC_FILE),
        ):
            self.files[name] = LOG_DIR / f"{name}.paths"
            write_paths([path], self.files[name])

    def load(self, paths, ports, seconds):
        return run_wrk(self.wrk, self.files[paths], ports, seconds, self.options.connections)

    def ceiling(self, name, paths, ports):
        figures = self.load(paths, ports, self.options.ceiling)
        self.slices[name].append(figures)
        say(f"  {CEILING_NAMES[name]}: {describe(figures)}")

    def run(self, ceiling_bytes):
        for topology in self.options.topologies:
            if topology == "varnish":
                # The deployment docs/deploy.md describes: purges reach Varnish, and no
                # per-process copies (Varnish absorbs bursts itself).
                settings = {"VARNISH_PURGE_URLS": self.purge_url, "PUBLIC_PAGE_LOCAL_SECONDS": 0}
            else:
                settings = {}
            say(f"{TOPOLOGIES[topology]}: app servers on {self.app_ports}")
            with AppServers(self.app_ports, self.options.workers, ceiling_bytes, **settings):
                for mode in self.options.modes:
                    say(f"{topology}/{mode}: {MODE_NAMES[mode]}")
                    self.ceiling("app_constant", "constant", self.app_ports)
                    if topology == "varnish":
                        figures = self.through_varnish(MODES[mode])
                    else:
                        figures = self.mix(self.app_ports, MODES[mode], purge_urls=[])
                    self.runs[f"{topology}/{mode}"] = figures
                    say(f"  readers' mix: {describe(figures)}; desk: {figures['desk']}")
        return {name: combine(parts) for name, parts in self.slices.items() if parts}

    def through_varnish(self, every):
        from bench.varnish import Varnish

        with Varnish(self.varnish_port, self.app_ports, LOG_DIR):
            # Hits are counted from X-Cache (varnishstat's counters lag behind).
            figures = self.mix([self.varnish_port], every, purge_urls=[self.purge_url])
            # One cached article page, then nginx sending the same bytes.
            self.load("article", [self.varnish_port], 1)
            self.ceiling("varnish_page", "article", [self.varnish_port])
            body = fetch_gzipped(self.varnish_port, self.pages["article"])
        self.static_bytes = len(body)
        with StaticFileServer(self.nginx_port, body, LOG_DIR):
            self.ceiling("nginx_static", "static", [self.nginx_port])
        return figures

    def mix(self, ports, every, purge_urls):
        """Empty and warm the caches, then measure the readers' mix while the desk works."""
        empty_app_cache()
        self.load("warmup", ports, self.options.warmup)
        load_before = round(os.getloadavg()[0], 2)
        with Desk(every, self.options.duration, purge_urls) as desk:
            figures = self.load("readers", ports, self.options.duration)
            figures["desk"] = desk_figures(desk.changes())
        figures["load_average_before"] = load_before
        figures["load_average_after"] = round(os.getloadavg()[0], 2)
        return figures


def fetch_gzipped(port, path):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def write_results(report):
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    name = report["options"]["output"]
    (RESULTS_DIR / f"{name}.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    (RESULTS_DIR / f"{name}.md").write_text("\n".join(results_lines(report)) + "\n")


def results_lines(report):
    """The results as Markdown (also what docs/performance.md quotes)."""
    options = report["options"]
    ceilings = report["ceilings"]
    lines = [
        "# The newsroom day",
        "",
        f"Measured {report['finished']} with `{report['command']}`: {options['connections']} "
        f"connections, {options['duration']} s per run after {options['warmup']} s of warm-up, "
        f"{report['paths']['distinct']} distinct paths among {report['paths']['count']} "
        f"(Zipf over recency, exponent {ZIPF_EXPONENT}, {SHARES['article']:.0%} articles), "
        f"2 app servers with {options['workers']} sync workers each. Machine: "
        f"{report['machine']}.",
        "",
        "| readers' mix | publishing | req/s | hit ratio | p50 ms | p99 ms | errors | changes "
        "| load avg |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, figures in report["runs"].items():
        topology, mode = label.split("/")
        desk = figures["desk"]
        changes = f"{desk['publishes']} + {desk['edits']}" if desk["publishes"] else "0"
        hits = f"{figures['hit_ratio']:.2f}"
        if figures.get("renewed_ratio"):
            hits += f" ({figures['renewed_ratio']:.2f} renewed)"
        lines.append(
            f"| {TOPOLOGIES[topology]} | {MODE_NAMES[mode]} | "
            f"{figures['requests_per_second']:.0f} | {hits} | "
            f"{figures['p50_ms']} | {figures['p99_ms']} | {figures['errors']} | {changes} | "
            f"{figures['load_average_before']} → {figures['load_average_after']} |"
        )
    lines += [
        "",
        "Changes: publishes + edits made by the desk during the run. Hit ratio: through Varnish, "
        "the share Varnish served from its cache (grace included); straight at the app, the "
        "share the page cache served without rendering the page (renewed: it took only new "
        "sidebars).",
        "",
        "| ceiling | req/s | p50 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, figures in ceilings.items():
        description = CEILING_NAMES[name]
        if name == "nginx_static" and report.get("static_bytes"):
            description += f" ({report['static_bytes']}, the article page gzipped)"
        lines.append(
            f"| {description} | {figures['requests_per_second']:.0f} | "
            f"{figures['p50_ms']} | {figures['p99_ms']} | {figures['errors']} |"
        )
    lines += ["", "| ratio | value |", "| --- | ---: |"]
    for description, value in report["ratios"].items():
        lines.append(f"| {description} | {value:.3f} |")
    lines += ["", "| target | limit | measured | met |", "| --- | --- | --- | --- |"]
    for verdict in report["verdicts"]:
        lines.append(
            f"| {verdict['target']} | {verdict['limit']} | {verdict['value']} | "
            f"{'yes' if verdict['met'] else '**no**'} |"
        )
    return lines


def ratios(runs, ceilings):
    """The shares the targets and docs/performance.md speak of."""
    found = {}
    constant = ceilings.get("app_constant", {}).get("requests_per_second")
    nginx = ceilings.get("nginx_static", {}).get("requests_per_second")
    for label, figures in runs.items():
        topology, mode = label.split("/")
        if topology == "app" and constant:
            found[f"app, {MODE_NAMES[mode]} / constant page"] = ratio(
                figures["requests_per_second"], constant
            )
        if topology == "varnish" and nginx:
            found[f"Varnish, {MODE_NAMES[mode]} / nginx static"] = ratio(
                figures["requests_per_second"], nginx
            )
    for topology in ("app", "varnish"):
        base = runs.get(f"{topology}/none", {}).get("requests_per_second")
        for mode in ("10s", "2s"):
            figures = runs.get(f"{topology}/{mode}")
            if base and figures:
                found[f"{TOPOLOGIES[topology]}, {MODE_NAMES[mode]} / no publishing"] = ratio(
                    figures["requests_per_second"], base
                )
    if nginx and "varnish_page" in ceilings:
        found["cached article page through Varnish / nginx static"] = ratio(
            ceilings["varnish_page"]["requests_per_second"], nginx
        )
    return found


def machine():
    cpu_model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu_model})"


def main(argv=None):
    from bench.run import check_services, choose_pages, ensure_wrk, prepare_data

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=60, help="seconds of each measured run")
    parser.add_argument("--warmup", type=int, default=60, help="seconds of warm-up before each")
    parser.add_argument("--ceiling", type=int, default=10, help="seconds of each ceiling run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="sync workers per app server")
    parser.add_argument("--paths", type=int, default=600_000, help="length of the path list")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--modes", default=",".join(MODES), type=lambda value: value.split(","), help="none,10s,2s"
    )
    parser.add_argument(
        "--topologies",
        default=",".join(TOPOLOGIES),
        type=lambda value: value.split(","),
        help="varnish,app",
    )
    parser.add_argument("--output", default="newsroom-day", help="name of the results files")
    options = parser.parse_args(argv)
    if unknown := set(options.modes) - set(MODES) | set(options.topologies) - set(TOPOLOGIES):
        parser.error(f"unknown modes or topologies: {', '.join(sorted(unknown))}")
    if options.duration < 60:
        say(f"note: runs of {options.duration} s are shorter than the 60 s the figures need")
    started = time.monotonic()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("newsroom day: stopped"))

    wrk = ensure_wrk()
    check_services()
    environment.ensure_database(environment.database_url())
    environment.setup_django(environment.production_environment(page_cache=True, BENCH_CEILING=1))
    from django.test import Client

    prepare_data(options.articles, regenerate=False)
    subprocess.run([sys.executable, str(BASE_DIR / "bench" / "desk.py"), "--clean-up"], check=True)
    pages = choose_pages()
    ceiling_bytes = len(Client(SERVER_NAME="127.0.0.1").get(pages["article"]).content)

    articles, sections, tags = archive_paths()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    files = {"readers": LOG_DIR / "readers.paths", "warmup": LOG_DIR / "warmup.paths"}
    readers = build_paths(articles, sections, tags, options.paths, options.seed)
    write_paths(readers, files["readers"])
    write_paths(
        build_paths(articles, sections, tags, options.paths // 3, options.seed + 1), files["warmup"]
    )
    say(
        f"{len(readers)} reader requests over {len(set(readers))} distinct paths "
        f"({len(articles)} articles, {len(sections)} sections, {len(tags)} tags)"
    )
    benchmark = Benchmark(wrk, options, files, pages)
    try:
        ceilings = benchmark.run(ceiling_bytes)
    finally:
        # The desk's articles go, so the archive keeps the size bench/run.py expects.
        subprocess.run(
            [sys.executable, str(BASE_DIR / "bench" / "desk.py"), "--clean-up"], check=False
        )
    report = {
        "finished": f"{datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC",
        # `make bench` runs it without arguments, after bench/run.py.
        "command": " ".join(["bench/newsroom_day.py", *(sys.argv[1:] if argv is None else argv)]),
        "seconds": round(time.monotonic() - started),
        "options": vars(options),
        "machine": machine(),
        "paths": {"count": len(readers), "distinct": len(set(readers))},
        "static_bytes": benchmark.static_bytes,
        "runs": benchmark.runs,
        "ceilings": ceilings,
    }
    report["ratios"] = ratios(benchmark.runs, ceilings)
    report["verdicts"] = verdicts(report)
    write_results(report)
    say(f"done in {report['seconds']} s: bench/results/{options.output}.md")


if __name__ == "__main__":
    main()
