"""The "Latest News" and "Top News" lists that sit beside most public pages.

They are the same on every page, so ``includes/sidebar_news.html`` keeps them rendered in
the cache: until the ``latest``, ``top`` or site key is purged (articles/invalidation.py),
and at most ``PUBLIC_CACHE_SECONDS``, because Top News follows the read counts and a
scheduled article goes public when its time comes. Pages other than the front page do not
carry those keys: a publish would otherwise purge every page on the site. Their sidebars
catch up when the page is next rendered, within ``PUBLIC_CACHE_SECONDS``. The lists are
handed over lazily, not even built as querysets until the template asks for them, so a page
that finds its sidebars in the cache runs no query for them and spends nothing on them.
"""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.caching import SITE_KEY, current_generation
from articles.models import Article

SIDEBAR_LENGTH = 5


def news_sidebars(site_settings, latest_length=SIDEBAR_LENGTH, top_news=True):
    """The sidebars' lists (unevaluated) and how the template caches them.

    Without ``top_news`` there is no ``top_news`` key: the page (home) shows Top News
    elsewhere under that name and leaves it out of the sidebar.
    """
    window_hours = site_settings.top_news_window_hours
    sidebars = {
        "latest_news": SimpleLazyObject(
            lambda: Article.objects.latest().headlines()[:latest_length]
        )
    }
    # Which lists the sidebar shows, and how long they are: one cached copy of each kind.
    lists = f"latest-{latest_length}"
    if top_news:
        sidebars["top_news"] = SimpleLazyObject(
            lambda: Article.objects.top(window_hours=window_hours).headlines()[:SIDEBAR_LENGTH]
        )
        lists += f",top-{SIDEBAR_LENGTH}-{window_hours}h"
    sidebars["news_sidebars_cache"] = {
        "seconds": settings.PUBLIC_CACHE_SECONDS,
        "key": f"{current_generation(SITE_KEY, 'latest', 'top')}:{lists}",
    }
    return sidebars
