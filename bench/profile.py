"""Where a page's time goes: pyinstrument profiles of the article page, in process.

Run by bench/run.py after the query pass (when pyinstrument, from the ``bench`` extra, is
installed): the article page rendered with the page cache off, and served from the page
cache, next to the constant ceiling page. The text profiles land in bench/results/.

The page rendered again and again finds the cards of its other articles kept in the cache
(articles/cards.py), as a page purged and rendered again does. A reader of the long tail
asks for pages never rendered lately: ``uncached-distinct`` renders articles spread over
the whole archive once each, after the cache was emptied (only the navigation, the site
settings and the sidebars are warmed first), so their cards are rendered too, except the
few that two of them share.
"""

import time

REQUESTS = {"uncached": 30, "uncached-distinct": 30, "cached": 300, "ceiling": 300}


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
    timings = {"uncached-distinct": distinct_articles(client)}
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


def distinct_articles(client):
    """Milliseconds per article page for articles spread over the archive, each rendered once
    with the page cache off and nothing else kept but the navigation, settings and sidebars."""
    from django.core.cache import cache
    from django.test import override_settings

    from articles.models import Article

    ids = list(Article.objects.published().order_by("-published_at").values_list("pk", flat=True))
    count = REQUESTS["uncached-distinct"]
    step = max(1, len(ids) // (count + 1))
    articles = Article.objects.filter(pk__in=ids[::step][: count + 1]).select_related("section")
    urls = [article.get_absolute_url() for article in articles]
    if len(urls) < 2:
        return None
    cache.clear()
    with override_settings(PUBLIC_PAGE_CACHE=False):
        client.get(urls[0])  # warms the navigation, the site settings and the sidebars
        started = time.perf_counter()
        for url in urls[1:]:
            client.get(url)
    return round((time.perf_counter() - started) / (len(urls) - 1) * 1000, 3)
