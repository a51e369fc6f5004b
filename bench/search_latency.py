"""Search latency on the benchmark archive, in process, without the page cache.

    .venv/bin/python bench/search_latency.py [--repeats 40]

Runs each query of ``QUERIES`` through the whole Django stack (the test client, production
settings, the benchmark database of bench/generate.py) and prints p50, p95 and the SQL
query count per query: a found phrase, a broad word, an accent-folded word, an author's
name, a misspelling that ends in "Did you mean", and a query that finds nothing at all.
Numbers are wall-clock milliseconds on this machine; run it on an idle machine.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import environment

QUERIES = {
    "phrase": "Drenberg harbour",
    "broad word": "harbour",
    "accent folded": "cafe",
    "author name": None,  # filled with a real byline of the archive
    "misspelt (Did you mean)": "harbur",
    "nothing at all": "qzxv wqrt",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=40)
    options = parser.parse_args()
    # One client asks hundreds of times: lift the per-address search limit for the run.
    environment.setup_django(
        environment.production_environment(page_cache=False, SEARCH_RATE_LIMIT="100000/m")
    )

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import AuthorProfile

    queries = dict(QUERIES)
    queries["author name"] = AuthorProfile.objects.order_by("pk").values_list(
        "display_name", flat=True
    )[0]
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'query':<26} {'text':<22} {'p50 ms':>7} {'p95 ms':>7} {'SQL':>4}")
    for name, text in queries.items():
        client.get("/search/", {"q": text})  # warm the small caches
        times = []
        for _ in range(options.repeats):
            start = time.perf_counter()
            response = client.get("/search/", {"q": text})
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as captured:
            client.get("/search/", {"q": text})
        p95 = statistics.quantiles(times, n=20)[-1]
        print(
            f"{name:<26} {text:<22} {statistics.median(times):>7.1f} {p95:>7.1f} "
            f"{len(captured.captured_queries):>4}"
        )


if __name__ == "__main__":
    main()
