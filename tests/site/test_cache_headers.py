"""Anonymous pages are cacheable by a CDN: no cookie, no Vary: Cookie, a public max-age."""

import pytest

from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/section/politics/",
    "/tag/harbour/",
    "/author/maria-jensen/",
    "/archive/",
    "/search/?q=harbour",
    "/search/",
]


@pytest.fixture
def article(author, politics):
    return ArticleFactory(published=True, author=author, section=politics, tags=["harbour"])


def all_public_urls(article):
    month = article.published_at
    return [
        *PUBLIC_URLS,
        article.get_absolute_url(),
        f"/archive/{month.year}/",
        f"/archive/{month.year}/{month.month}/",
    ]


def test_anonymous_pages_set_no_cookie(client, article):
    for url in all_public_urls(article):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "Set-Cookie" not in response, url


def test_anonymous_pages_do_not_vary_on_cookie(client, article):
    for url in all_public_urls(article):
        assert "Cookie" not in client.get(url).get("Vary", ""), url


def test_anonymous_pages_have_a_short_public_max_age(client, article, settings):
    for url in all_public_urls(article):
        cache_control = client.get(url)["Cache-Control"]
        assert "public" in cache_control, url
        assert f"max-age={settings.PUBLIC_CACHE_SECONDS}" in cache_control, url


def test_anonymous_pages_carry_no_csrf_token(client, article):
    for url in all_public_urls(article):
        assert "csrfmiddlewaretoken" not in client.get(url).content.decode(), url


def test_second_anonymous_request_is_served_from_the_cache(
    client, article, django_assert_num_queries
):
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200


def test_pages_answer_not_modified_to_a_matching_etag(client, article):
    first = client.get(article.get_absolute_url())
    again = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_signed_in_readers_get_a_private_page(client, article):
    client.force_login(UserFactory())
    response = client.get(article.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_404_for_an_anonymous_reader_sets_no_cookie(client):
    response = client.get("/nowhere/at-all/")
    assert response.status_code == 404
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
