"""The "Latest News" and "Top News" lists that sit beside most public pages.

They are a page part (``articles.caching.page_part``): rendered on their own, kept in the
cache until the ``latest``, ``top`` or site key is purged (articles/invalidation.py) and at
most ``PUBLIC_CACHE_SECONDS``, because Top News follows the read counts and a scheduled
article goes public when its time comes. A page stored in the page cache keeps its bytes
around them, so when they change the page cache puts the new lists in place without
rendering the page again: a publish costs one render of the lists, and no page shows lists
older than ``PUBLIC_CACHE_SECONDS``. A page that finds the lists in the cache runs no query
for them.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.caching import SITE_KEY, page_part, part_html
from articles.models import Article

SIDEBAR_LENGTH = 5


def news_sidebars(request, site_settings, latest_length=SIDEBAR_LENGTH, top_news=True):
    """The sidebars for the template, as ``news_sidebars`` (HTML).

    Without ``top_news`` the sidebar has no Top News: the page (home) shows Top News
    elsewhere under that name.
    """
    window_hours = site_settings.top_news_window_hours if top_news else None
    keys = (SITE_KEY, "latest", "top") if top_news else (SITE_KEY, "latest")
    html = part_html(request, "sidebars", (latest_length, window_hours), keys)
    return {"news_sidebars": mark_safe(html)}  # noqa: S308 (rendered by our own template)


@page_part("sidebars")
def render_sidebars(spec):
    latest_length, window_hours = spec
    context = {"latest_news": Article.objects.latest().headlines()[:latest_length]}
    if window_hours is not None:
        context["top_news"] = Article.objects.top(window_hours=window_hours).headlines()[
            :SIDEBAR_LENGTH
        ]
    return render_to_string("includes/sidebar_news.html", context)
