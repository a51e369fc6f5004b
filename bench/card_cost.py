"""CPU time of an article card, and of an article page whose cards are not kept.

    DATABASE_URL=… REDIS_URL=… python bench/card_cost.py [--code PATH] [--cards 200] [--sets 7]

In a fresh process with production settings (DEBUG off), the code at PATH (default: this
checkout; point it at an older checkout to compare) renders the cards of ``--cards`` public
articles in each style of ``articles.cards.STYLES``, ``--sets`` times over, as
``articles.cards`` renders a card it does not have: with ``render_card``. Then it asks for
``--pages`` article pages spread over the archive, ``--sets`` times over, the page cache off
and the cache emptied before each set (a reader of the long tail: every card is rendered;
only the navigation, the site settings and the sidebars are warmed by a first page). Prints
the CPU microseconds per card and milliseconds per page of each set, their median, and the
mean of each card's (page's) least time over the sets: CPU time of this process
(``time.process_time``), not the clock, so other work on a shared machine changes the
figure less. The first set is the first time the process meets those articles; the later
ones find whatever it remembers per process.

Needs a database with public articles (``manage.py load_demo`` is enough; the benchmark's
archive of bench/generate.py has the long tail, and is only read: add
``?options=-c%20default_transaction_read_only%3Don`` to its URL), a Redis database of its
own (the page sets empty it) and the static files collected in the checkout (``manage.py
collectstatic``: with DEBUG off, pages name them from the manifest).
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, sys, time
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import translation
from articles.cards import STYLES, render_card
from articles.models import Article

count, sets, pages = (int(value) for value in sys.argv[1:4])
translation.activate(settings.LANGUAGE_CODE)
articles = list(Article.objects.published().for_cards()[: count + 1])
first, articles = articles[0], articles[1:]
for style in STYLES:
    render_card(first, style)  # compiles the templates
# Seconds of each card (page) in each set.
cards = {style: [[] for _ in articles] for style in STYLES}
for _ in range(sets):
    for style in STYLES:
        for times, article in zip(cards[style], articles):
            started = time.process_time()
            render_card(article, style)
            times.append(time.process_time() - started)

ids = list(Article.objects.published().order_by("-published_at").values_list("pk", flat=True))
step = max(1, len(ids) // (pages + 1))
chosen = Article.objects.filter(pk__in=ids[::step][: pages + 1]).select_related("section")
urls = [article.get_absolute_url() for article in chosen]
client = Client(SERVER_NAME="127.0.0.1")
page_times = [[] for _ in urls[1:]]
with override_settings(PUBLIC_PAGE_CACHE=False):
    for _ in range(sets):
        cache.clear()
        client.get(urls[0])  # the navigation, the site settings and the sidebars
        for times, url in zip(page_times, urls[1:]):
            started = time.process_time()
            response = client.get(url)
            times.append(time.process_time() - started)
            assert response.status_code == 200, (url, response.status_code)
print(json.dumps({"cards": cards, "pages": page_times}))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", default=str(BASE_DIR), help="checkout whose code to measure")
    parser.add_argument("--cards", type=int, default=200)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--sets", type=int, default=7)
    arguments = parser.parse_args()
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        parser.error("set DATABASE_URL (a database with public articles) and REDIS_URL")

    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "PYTHONPATH": arguments.code,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(arguments.cards),
            str(arguments.sets),
            str(arguments.pages),
        ],
        env=environment,
        cwd=arguments.code,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(result.stderr)
    measured = json.loads(result.stdout.splitlines()[-1])
    print(f"code: {arguments.code}")
    for style, times in measured["cards"].items():
        report(f"card {style}", times, 1e6, "µs")
    report("article page, cards not kept", measured["pages"], 1e3, "ms")


def report(what, times, scale, unit):
    """Each set's mean, and the mean of each item's least time over the sets: the time left
    when the other work of the machine got least in the way."""
    means = [round(statistics.fmean(each) * scale, 1) for each in zip(*times, strict=True)]
    least = round(statistics.fmean(min(each) for each in times) * scale, 1)
    print(
        f"{what}, {len(times)} of them: sets {means} {unit} each, median {statistics.median(means)}"
        f", first set {means[0]}, least of each {least}"
    )


if __name__ == "__main__":
    main()
