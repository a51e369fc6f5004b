"""The Latest News and Top News sidebars: rendered once, kept in the cache, fresh after a change.

The page cache is off in these tests, so every request renders its page and only the
sidebars can come from the cache.
"""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from publishing import workflow
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(no_page_cache, author, politics):
    return ArticleFactory(published=True, author=author, section=politics, tags=["harbour"])


def render(client, url):
    """The page's HTML and the number of queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def latest_news(html):
    return html.split('<h2 id="sidebar-latest">')[1].split("</section>")[0]


# The queries a second render saves: Latest News and Top News; on the home page, where Top
# News is not in the sidebar, Latest News and the Topics (cached on their own).
@pytest.mark.parametrize(
    ("url", "saved_queries"),
    [("story", 2), ("/", 2), ("/section/politics/", 2), ("/search/?q=harbour", 2)],
)
def test_second_render_takes_the_sidebars_from_the_cache(client, story, url, saved_queries):
    url = story.get_absolute_url() if url == "story" else url
    client.get("/no-such/page/")  # warm the site-settings and navigation caches only
    first_html, first_queries = render(client, url)
    second_html, second_queries = render(client, url)
    assert first_queries - second_queries == saved_queries
    assert second_html == first_html


def test_pages_share_the_cached_sidebars(client, story):
    html, _ = render(client, "/section/politics/")
    assert story.title in latest_news(html)
    ArticleFactory(published=True, title="Not published through the workflow")  # no purge
    html, _ = render(client, story.get_absolute_url())
    assert "Not published through the workflow" not in html


def test_home_page_keeps_its_own_longer_latest_news_without_top_news(client, story):
    for number in range(8):
        ArticleFactory(published=True, title=f"Earlier story {number}")
    html, _ = render(client, "/")
    assert '<h2 id="sidebar-top">' not in html.split('<aside class="sidebar"')[1]
    assert latest_news(html).count("<li>") == 9
    html, _ = render(client, story.get_absolute_url())
    assert latest_news(html).count("<li>") == 5
    assert '<h2 id="sidebar-top">Top News</h2>' in html


def test_publishing_shows_the_article_in_latest_news_on_the_next_render(
    client, story, author, moderator, politics, django_capture_on_commit_callbacks
):
    submitted = ArticleFactory(
        author=author,
        section=politics,
        title="Ferry timetable changes in spring",
        status=Article.Status.SUBMITTED,
    )
    html, _ = render(client, story.get_absolute_url())
    assert "Ferry timetable changes" not in latest_news(html)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(submitted, moderator)

    html, _ = render(client, story.get_absolute_url())
    assert "Ferry timetable changes" in latest_news(html)


def test_a_scheduled_article_reaches_latest_news_when_the_cached_sidebars_expire(
    client, story, settings
):
    # Expiry judged by the clock time_machine moves: local memory, also where the suite
    # runs against Redis (whose expiry follows the real clock).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        ArticleFactory(
            published=True,
            title="Scheduled for a minute later",
            published_at=now + timedelta(seconds=settings.PUBLIC_CACHE_SECONDS // 2),
        )
        html, _ = render(client, story.get_absolute_url())
        assert "Scheduled for a minute later" not in html
    with time_machine.travel(now + timedelta(seconds=settings.PUBLIC_CACHE_SECONDS + 1)):
        html, _ = render(client, story.get_absolute_url())
        assert "Scheduled for a minute later" in latest_news(html)
