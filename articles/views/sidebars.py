"""The "Latest News" and "Top News" lists that sit beside most public pages."""

from articles.models import Article

SIDEBAR_LENGTH = 5


def news_sidebars(site_settings):
    """Two lists of headlines, one query each, whatever the size of the archive."""
    return {
        "latest_news": list(Article.objects.latest().headlines()[:SIDEBAR_LENGTH]),
        "top_news": list(
            Article.objects.top(window_hours=site_settings.top_news_window_hours).headlines()[
                :SIDEBAR_LENGTH
            ]
        ),
    }
