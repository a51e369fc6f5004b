"""The page cache answers before the heavy middleware: a hit loads no session, no user, no
CSRF or CSP state, runs no query, and carries the headers of the miss that stored it."""

from unittest import mock

import pytest
from csp.constants import NONCE
from django.conf import settings as django_settings
from django.core.cache import cache

from articles.caching import purge_keys
from articles.models import Article

pytestmark = pytest.mark.django_db

# Headers that belong to one answer: the rest of a hit's headers are the miss's.
PER_ANSWER = {"Age", "X-Page-Cache", "X-Request-ID"}


@pytest.fixture
def visitor_pages(settings):
    settings.ROOT_URLCONF = "tests.site.page_cache_urls"


def headers_of(response):
    return {name: value for name, value in response.items() if name not in PER_ANSWER}


@pytest.mark.parametrize("encoding", ["", "gzip, deflate, br"])
@pytest.mark.parametrize("page", ["article", "/", "/section/politics/", "/feeds/latest/"])
def test_a_hit_carries_the_headers_and_body_of_the_miss(client, story, page, encoding):
    url = story.get_absolute_url() if page == "article" else page
    miss = client.get(url, headers={"accept-encoding": encoding})

    hit = client.get(url, headers={"accept-encoding": encoding})

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert headers_of(hit) == headers_of(miss)
    assert hit.content == miss.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "xkey", "Surrogate-Key"):
        assert hit[header], header
    assert hit["X-Request-ID"] != miss["X-Request-ID"]


def test_a_hit_runs_no_query_and_none_of_the_heavy_middleware(
    client, story, django_assert_num_queries
):
    client.get(story.get_absolute_url())
    heavy = [
        "django.contrib.sessions.middleware.SessionMiddleware.process_request",
        "django.contrib.auth.middleware.AuthenticationMiddleware.process_request",
        "django.middleware.csrf.CsrfViewMiddleware.process_view",
        "django.contrib.messages.middleware.MessageMiddleware.process_request",
        "csp.middleware.CSPMiddleware.process_response",
        "allauth.account.middleware.AccountMiddleware.__call__",
        "accounts.middleware.StaffDoorMiddleware.__call__",
    ]
    patches = [mock.patch(target, side_effect=AssertionError(target)) for target in heavy]
    for patch in patches:
        patch.start()
    try:
        with django_assert_num_queries(0):
            hit = client.get(story.get_absolute_url())
    finally:
        for patch in patches:
            patch.stop()

    assert hit.status_code == 200
    assert hit["X-Page-Cache"] == "hit"
    request = hit.wsgi_request
    assert not hasattr(request, "session")
    assert not hasattr(request, "user")
    assert not hasattr(request, "csp_nonce")


def test_one_render_serves_clients_with_and_without_gzip(client, story):
    gzipped = client.get(story.get_absolute_url(), headers={"accept-encoding": "gzip"})

    plain = client.get(story.get_absolute_url())

    assert gzipped["Content-Encoding"] == "gzip"
    assert plain["X-Page-Cache"] == "hit"
    assert "Content-Encoding" not in plain
    assert b"Harbour crane arrives" in plain.content
    assert plain["Vary"] == gzipped["Vary"] == "Accept-Encoding"
    assert int(plain["Content-Length"]) == len(plain.content)


def test_signed_in_readers_never_get_the_cached_page_nor_fill_it(client, story, django_user_model):
    reader = django_user_model.objects.create_user("rita", "rita@example.test", "pw-for-rita")
    client.get(story.get_absolute_url())  # the anonymous copy is in the cache
    client.force_login(reader)

    signed_in = client.get(story.get_absolute_url())

    assert "X-Page-Cache" not in signed_in
    assert "private" in signed_in["Cache-Control"]
    assert "Logged in as" in signed_in.text

    cache.clear()
    client.get(story.get_absolute_url())  # a signed-in render stores nothing
    client.logout()
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "miss"


def test_a_made_up_session_cookie_still_gets_the_cached_page(client, story):
    client.get(story.get_absolute_url())
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "made-up"

    hit = client.get(story.get_absolute_url())

    assert hit["X-Page-Cache"] == "hit"
    assert not hit.cookies
    assert "Cookie" not in hit["Vary"]


@pytest.mark.parametrize(
    "path", ["/visitor/cookie/", "/visitor/csrf/", "/visitor/nonce/"], ids=str.strip
)
def test_a_page_that_read_its_visitor_is_never_stored(client, visitor_pages, path):
    first = client.get(path)
    client.cookies.clear()

    second = client.get(path)

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "miss")
    assert second.content != first.content or path == "/visitor/cookie/"


def test_a_page_for_everyone_on_the_same_map_is_stored(client, visitor_pages):
    client.get("/visitor/none/")

    assert client.get("/visitor/none/")["X-Page-Cache"] == "hit"


def test_a_nonce_is_never_handed_to_two_visitors(client, visitor_pages, settings):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "script-src": ["'self'", NONCE],
        }
    }
    first = client.get("/visitor/nonce/")
    second = client.get("/visitor/nonce/")

    assert "'nonce-" in first["Content-Security-Policy"]
    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]
    assert first.content != second.content


def test_head_fills_the_cache_for_get_and_is_answered_from_it(client, story):
    head = client.head(story.get_absolute_url())
    get = client.get(story.get_absolute_url())
    head_again = client.head(story.get_absolute_url())

    assert head["X-Page-Cache"] == "miss"
    assert get["X-Page-Cache"] == head_again["X-Page-Cache"] == "hit"
    assert get["ETag"]
    assert b"Harbour crane arrives" in get.content
    assert head_again.content == b""
    assert head_again["Content-Length"] == get["Content-Length"]


def test_a_hit_answers_a_matching_etag_with_304(client, story):
    etag = client.get(story.get_absolute_url())["ETag"]

    response = client.get(story.get_absolute_url(), headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response["X-Page-Cache"] == "hit"


def test_query_strings_the_page_ignores_share_its_copy_and_the_ones_it_reads_do_not(client, story):
    client.get("/section/politics/")

    tagged = client.get("/section/politics/?utm_source=mail&utm_campaign=spring")
    first_page = client.get("/section/politics/?page=1&utm_source=mail")

    assert tagged["X-Page-Cache"] == "hit"
    assert first_page["X-Page-Cache"] == "miss"


def test_a_purge_still_makes_the_next_request_render(client, story):
    client.get(story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(title="Night ferry returns")

    purge_keys([f"a{story.pk}"])
    fresh = client.get(story.get_absolute_url())

    assert fresh["X-Page-Cache"] == "miss"
    assert "Night ferry returns" in fresh.text
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("path", ["/healthz", "/accounts/login/", "/no/such-page/here/"])
def test_pages_outside_the_page_cache_cost_no_lookup(client, path):
    with mock.patch("articles.middleware.cached_page") as lookup:
        client.get(path)

    lookup.assert_not_called()


def test_posts_pass_straight_through(client, story):
    client.get(story.get_absolute_url())

    with mock.patch("articles.middleware.cached_page") as lookup:
        response = client.post(story.get_absolute_url())

    lookup.assert_not_called()
    assert "X-Page-Cache" not in response


def test_a_plain_http_request_is_still_sent_to_https(client, story, settings):
    settings.SECURE_SSL_REDIRECT = True
    client.get(story.get_absolute_url(), secure=True)
    assert client.get(story.get_absolute_url(), secure=True)["X-Page-Cache"] == "hit"

    plain = client.get(story.get_absolute_url())

    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")


def test_a_hit_carries_the_request_id_of_a_trusted_proxy(client, story, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.get(story.get_absolute_url())

    hit = client.get(story.get_absolute_url(), headers={"x-request-id": "edge-1234abcd"})

    assert hit["X-Page-Cache"] == "hit"
    assert hit["X-Request-ID"] == "edge-1234abcd"
