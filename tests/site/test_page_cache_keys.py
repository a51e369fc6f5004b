"""Keys of the anonymous page cache: one per absolute URL, always short."""

from django.test import RequestFactory

from articles.caching import page_cache_key


def test_a_long_query_string_still_gives_a_short_key():
    request = RequestFactory().get("/search/", {"q": "harbour " * 200})
    assert len(page_cache_key(request)) < 100


def test_each_host_gets_its_own_key(settings):
    settings.ALLOWED_HOSTS = ["news.example.org", "www.news.example.org"]
    bare = RequestFactory().get("/", HTTP_HOST="news.example.org")
    www = RequestFactory().get("/", HTTP_HOST="www.news.example.org")
    assert page_cache_key(bare) != page_cache_key(www)
