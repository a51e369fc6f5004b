"""Where a page's time goes: pyinstrument profiles of the article page, in process.

Run by bench/run.py after the query pass (when pyinstrument, from the ``bench`` extra, is
installed): the article page rendered with the page cache off, and served from the page
cache, next to the constant ceiling page. The text profiles land in bench/results/.
"""

import time

REQUESTS = {"uncached": 30, "cached": 300, "ceiling": 300}


def profile_article(url, results_dir, ceiling_bytes):
    """Write profile-article-<case>.txt files; return milliseconds per request by case."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        return {}
    from django.test import Client, override_settings

    from bench import ceiling

    # The runner sets up Django with BENCH_CEILING=1, so /bench/ceiling/ is routed here too.
    ceiling.BODY = ceiling.constant_body(ceiling_bytes)
    client = Client(SERVER_NAME="127.0.0.1")
    cases = {
        "uncached": (url, False),
        "cached": (url, True),
        "ceiling": ("/bench/ceiling/", True),
    }
    timings = {}
    for case, (target, page_cache) in cases.items():
        with override_settings(PUBLIC_PAGE_CACHE=page_cache):
            for _ in range(3):
                client.get(target)
            count = REQUESTS[case]
            started = time.perf_counter()
            for _ in range(count):
                client.get(target)
            timings[case] = round((time.perf_counter() - started) / count * 1000, 3)
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(count):
                client.get(target)
            profiler.stop()
        text = profiler.output_text(unicode=False, color=False, show_all=False)
        (results_dir / f"profile-article-{case}.txt").write_text(
            f"# {case}: {target}, {count} requests in process, "
            f"{timings[case]} ms each without the profiler\n\n{text}"
        )
    return timings
