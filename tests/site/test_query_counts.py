"""Every public page runs a fixed, small number of queries, whatever the amount of content.

Each page is rendered with the page cache off and the site-settings and navigation caches
cold (the worst case), once with a small newsroom and once with a big one.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from readership.models import DailyReads
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    ImageFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

# The most any public page may run: article, tags, more-from-author, related, Latest, Top,
# site settings and navigation (the last two are cached after the first request).
PAGE_QUERY_LIMIT = 8

SIZES = {
    "small": {"articles": 5, "tags": 1, "sections": 2},
    "big": {"articles": 200, "tags": 20, "sections": 8},
}


@pytest.fixture(params=SIZES, ids=list(SIZES))
def newsroom(request, no_page_cache):
    """A newsroom of one size and the article whose page is measured."""
    size = SIZES[request.param]
    sections = [SectionFactory(slug=f"desk-{n}", name=f"Desk {n}") for n in range(size["sections"])]
    profile = AuthorProfileFactory(slug="measured-author")
    image = ImageFactory()
    tags = [f"topic {n}" for n in range(size["tags"])]
    now = timezone.now()
    today = timezone.localdate()
    article = ArticleFactory(
        published=True,
        author=profile.user,
        section=sections[0],
        kind=Article.Kind.OP_ED,
        lead_image=image,
        tags=tags,
        published_at=now - timedelta(minutes=30),
    )
    Article.objects.filter(pk=article.pk).update(body="<p>harbour</p>" * 5)
    other_authors = [AuthorProfileFactory().user for _ in range(5)]
    for number in range(size["articles"]):
        other = ArticleFactory(
            published=True,
            author=profile.user if number % 3 == 0 else other_authors[number % 5],
            section=sections[number % len(sections)],
            lead_image=image if number % 2 else None,
            tags=tags[: 1 + number % len(tags)],
            title=f"Harbour story {number}",
            published_at=now - timedelta(hours=number + 1),
            top_rank=1 if number == 7 else None,
        )
        DailyReads.objects.create(article=other, day=today, count=number, readers=number)
    return {
        "article": article,
        "tag": "topic-0",
        "section": sections[0].slug,
        "pages": size["articles"] // 12,
    }


def page_urls(newsroom):
    article = newsroom["article"]
    month = timezone.localtime(article.published_at)
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": f"/section/{newsroom['section']}/",
        # A middle page of the big newsroom's section; page 1 again for the small one.
        "section page 2": f"/section/{newsroom['section']}/?page={min(2, newsroom['pages'] or 1)}",
        "tag": f"/tag/{newsroom['tag']}/",
        "author": "/author/measured-author/",
        "archive": f"/archive/{month.year}/{month.month}/",
        "search": "/search/?q=harbour",
        "feed page": f"/feeds/section/{newsroom['section']}/about/",
        "not found": "/no-such/page/",
    }


def test_every_public_page_runs_a_fixed_number_of_queries(client, newsroom):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for page, url in page_urls(newsroom).items():
        cache.clear()  # cold site-settings and navigation caches: the worst case
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == (404 if page == "not found" else 200), page
        counts[page] = len(queries)
    too_many = {page: count for page, count in counts.items() if count > PAGE_QUERY_LIMIT}
    assert too_many == {}, f"queries per page: {counts}"


# Home: site settings, Top News, navigation, Topics (trending tags), Latest News, section fronts.
HOME_QUERIES = 6


def test_home_runs_the_same_queries_on_a_small_and_a_big_newsroom(
    client, newsroom, django_assert_num_queries
):
    from django.core.cache import cache

    cache.clear()  # cold site-settings and navigation caches: the worst case
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get("/")
    assert response.status_code == 200
    assert 'aria-labelledby="topics-heading"' in response.content.decode()


def test_article_page_queries_do_not_grow_with_tags_or_related_articles(
    client, newsroom, django_assert_max_num_queries
):
    client.get("/")  # warm the site-settings and navigation caches
    with django_assert_max_num_queries(PAGE_QUERY_LIMIT - 2):
        response = client.get(newsroom["article"].get_absolute_url())
    assert response.status_code == 200


# A feed's page: site settings, navigation, the section, the feed's items.
FEED_PAGE_QUERIES = 4


def test_a_feed_page_runs_the_same_queries_on_a_small_and_a_big_newsroom(
    client, newsroom, django_assert_num_queries
):
    from django.core.cache import cache

    cache.clear()  # cold site-settings and navigation caches: the worst case
    with django_assert_num_queries(FEED_PAGE_QUERIES):
        response = client.get(f"/feeds/section/{newsroom['section']}/about/")
    assert response.status_code == 200
    listed = Article.objects.latest().in_section(newsroom["section"]).count()
    assert response.content.decode().count('<article class="card') == min(listed, 20)


def test_read_beacon_runs_one_query(client, django_assert_num_queries):
    article = ArticleFactory(published=True)
    with django_assert_num_queries(1):
        client.post(f"/read/{article.pk}/", HTTP_USER_AGENT="Mozilla/5.0 Firefox/130.0")
