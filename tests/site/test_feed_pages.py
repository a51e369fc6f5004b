"""Each feed has a page for people: the visible feed links lead there, the XML keeps its address."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.feeds import ITEMS_PER_FEED
from articles.models import Article
from tests.factories import ArticleFactory, AuthorProfileFactory, SectionFactory

pytestmark = pytest.mark.django_db


def published(hours_ago, **kwargs):
    return ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=hours_ago),
        **kwargs,
    )


def test_the_section_page_links_to_its_feed_page_and_keeps_the_xml_for_feed_readers(
    client, politics
):
    published(1, section=politics)

    html = client.get("/section/politics/").content.decode()

    assert '<a href="/feeds/section/politics/about/">Follow in a feed reader</a>' in html
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Newsroom: Politics" '
        'href="http://testserver/feeds/section/politics/">' in html
    )


@pytest.mark.parametrize(
    ("page", "feed_page"),
    [
        ("/tag/harbour/", "/feeds/tag/harbour/about/"),
        ("/author/maria-jensen/", "/feeds/author/maria-jensen/about/"),
    ],
)
def test_tag_and_author_pages_link_to_their_feed_pages(client, author, page, feed_page):
    published(1, author=author, tags=["Harbour"])

    html = client.get(page).content.decode()

    assert f'<a href="{feed_page}">Follow in a feed reader</a>' in html
    assert client.get(feed_page).status_code == 200


def test_the_footer_links_to_the_latest_news_feed_page(client):
    html = client.get("/").content.decode()

    assert '<a href="/feeds/latest/about/">Follow Latest News in a feed reader</a>' in html
    assert 'href="/feeds/latest/"' not in html.split('class="site-footer"')[1]


def test_the_feed_page_explains_feeds_and_shows_the_address_to_copy(client, politics):
    published(1, section=politics, title="Harbour crane arrives")

    response = client.get("/feeds/section/politics/about/")

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert '<h1 class="listing-header__title">Newsroom: Politics</h1>' in html
    assert "A feed is a list of our newest articles" in html
    assert (
        '<input id="feed-address" type="url" value="http://testserver/feeds/section/politics/" '
        "readonly" in html
    )
    assert 'href="http://testserver/feeds/section/politics/atom/"' in html
    assert "Harbour crane arrives" in html
    # A thin copy of the section's list: readers may follow it, search engines need not.
    assert '<meta name="robots" content="noindex, follow">' in html


def test_the_xml_feed_keeps_its_address_and_type(client, politics):
    published(1, section=politics)

    response = client.get("/feeds/section/politics/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")


def test_the_feed_page_lists_what_the_feed_lists_newest_first(client, politics):
    elsewhere = SectionFactory(slug="sport")
    for hours in (3, 1):
        published(hours, section=politics, title=f"Council story {hours}")
    published(2, section=elsewhere, title="Sport story")
    ArticleFactory(section=politics, title="Draft story", status=Article.Status.DRAFT)
    published(-2, section=politics, title="Scheduled story")

    html = client.get("/feeds/section/politics/about/").content.decode()

    assert html.index("Council story 1") < html.index("Council story 3")
    assert "Sport story" not in html
    assert "Draft story" not in html
    assert "Scheduled story" not in html


def test_the_feed_page_shows_at_most_a_feeds_worth_of_items(client, politics):
    for hours in range(ITEMS_PER_FEED + 2):
        published(hours + 1, section=politics)

    html = client.get("/feeds/section/politics/about/").content.decode()

    assert html.count('<article class="card') == ITEMS_PER_FEED


def test_an_author_feed_page_lists_only_that_authors_articles(client, author):
    published(1, author=author, title="By Maria")
    published(2, author=AuthorProfileFactory().user, title="By someone else")

    html = client.get("/feeds/author/maria-jensen/about/").content.decode()

    assert "By Maria" in html
    assert "By someone else" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/section/no-such-section/about/",
        "/feeds/author/nobody/about/",
        "/feeds/tag/only-on-drafts/about/",
    ],
)
def test_a_feed_page_for_a_feed_that_does_not_exist_answers_404(client, url):
    ArticleFactory(status=Article.Status.DRAFT, tags=["Only on drafts"])

    assert client.get(url).status_code == 404


def test_a_feed_page_with_nothing_published_yet_says_so(client, politics):
    html = client.get("/feeds/section/politics/about/").content.decode()

    assert "Nothing published here yet." in html


def test_the_feed_page_is_cached_for_anonymous_readers(client, politics, django_assert_num_queries):
    published(1, section=politics)
    first = client.get("/feeds/latest/about/")

    with django_assert_num_queries(0):
        second = client.get("/feeds/latest/about/")

    assert second.content == first.content
    assert "public" in second["Cache-Control"]


def test_a_signed_in_reader_gets_a_private_feed_page(client, author):
    client.force_login(author)

    response = client.get("/feeds/latest/about/")

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
