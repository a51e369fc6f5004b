"""The archive: years, months of a year, and months that exist only between the first and
the last publication."""

from datetime import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def published_on(year, month, day=15, **kwargs):
    return ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=timezone.make_aware(datetime(year, month, day, 12)),
        **kwargs,
    )


@pytest.fixture
def two_years():
    """November 2024 (two), January 2025 (one), March 2025 (one); nothing in between."""
    published_on(2024, 11, 3, title="Ferry timetable changes")
    published_on(2024, 11, 20)
    published_on(2025, 1)
    published_on(2025, 3, title="Harbour crane arrives")


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_index_lists_the_years_newest_first_with_their_counts(client, two_years):
    html = html_of(client, "/archive/")

    assert html.index('<a href="/archive/2025/">2025</a>') < html.index(
        '<a href="/archive/2024/">2024</a>'
    )
    assert "2 articles" in html


def test_year_lists_its_months_within_the_publications_with_counts(client, two_years):
    html = html_of(client, "/archive/2024/")

    assert '<a href="/archive/2024/11/">November</a>' in html
    assert "2 articles" in html
    assert "October" not in html  # before the first publication
    assert '<a href="/archive/2025/" rel="next">2025 →</a>' in html


def test_year_shows_empty_months_in_range_without_a_link(client, two_years):
    html = html_of(client, "/archive/2025/")

    assert "February <span" in html
    assert 'href="/archive/2025/2/"' not in html
    assert "April" not in html  # after the last publication


@pytest.mark.parametrize("url", ["/archive/2023/", "/archive/2026/", "/archive/0/"])
def test_year_without_publications_around_it_is_404(client, two_years, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/archive/2024/10/", "/archive/2025/4/", "/archive/1999/1/", "/archive/2031/12/"]
)
def test_month_before_the_first_or_after_the_last_publication_is_404(client, two_years, url):
    assert client.get(url).status_code == 404


def test_archive_is_404_when_nothing_is_public(client):
    ArticleFactory(title="A draft")

    today = timezone.localdate()
    assert client.get(f"/archive/{today.year}/{today.month}/").status_code == 404
    assert client.get(f"/archive/{today.year}/").status_code == 404
    assert "Nothing published yet." in html_of(client, "/archive/")


def test_empty_month_in_range_answers_with_noindex(client, two_years):
    html = html_of(client, "/archive/2025/2/")

    assert '<meta name="robots" content="noindex, follow">' in html
    assert "Nothing published here yet." in html


def test_month_with_articles_is_indexed(client, two_years):
    html = html_of(client, "/archive/2025/3/")

    assert "Harbour crane arrives" in html
    assert 'name="robots"' not in html


def test_first_month_links_forward_only_and_to_its_year(client, two_years):
    html = html_of(client, "/archive/2024/11/")

    assert 'rel="prev"' not in html
    assert '<a href="/archive/2024/12/" rel="next">December 2024 →</a>' in html
    assert '<a href="/archive/2024/">All of 2024</a>' in html


def test_last_month_links_back_only(client, two_years):
    html = html_of(client, "/archive/2025/3/")

    assert '<a href="/archive/2025/2/" rel="prev">← February 2025</a>' in html
    assert 'rel="next"' not in html


def test_footer_links_to_the_archive(client):
    assert '<a href="/archive/">Archive</a>' in html_of(client, "/")


@pytest.mark.parametrize("years", [1, 4])
def test_archive_pages_run_a_fixed_number_of_queries(
    client, no_page_cache, django_assert_max_num_queries, years
):
    for year in range(2020, 2020 + years):
        for month in (2, 7, 11):
            published_on(year, month)
    client.get("/archive/2020/2/")  # fills the navigation, settings and sidebar caches

    # The years or months with their counts (and the span); a month adds its count and page.
    for url, queries in (("/archive/", 1), ("/archive/2020/", 2), ("/archive/2020/7/", 3)):
        with django_assert_max_num_queries(queries):
            assert client.get(url).status_code == 200
