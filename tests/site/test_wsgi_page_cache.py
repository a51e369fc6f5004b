"""The page cache's WSGI layer (articles/wsgi.py), driven as a WSGI server drives the site:
a fresh cached anonymous page is answered before Django's handler, with the answer the
middleware gives; everything else goes to Django unchanged."""

import gzip
import logging
from unittest import mock

import pytest
from django.core.handlers.base import BaseHandler
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import RequestFactory

from articles.caching import purge_keys, take_render_turn
from articles.wsgi import PageCacheApplication
from newsroom.logs import RequestContextFilter
from newsroom.wsgi import application

pytestmark = pytest.mark.django_db

# Headers that belong to one answer: the rest of a hit's headers are the stored page's.
PER_ANSWER = {"Age", "X-Page-Cache", "X-Request-ID"}


# The environs of the requests Django's handler took (request_started).
_started = []


@pytest.fixture(autouse=True)
def _count_django_requests():
    def count(sender, environ, **kwargs):
        _started.append(environ)

    request_started.connect(count)
    yield
    request_started.disconnect(count)


class Answer:
    def __init__(self, status, headers, body, entered_django):
        self.entered_django = entered_django
        self.status_code = int(status.split()[0])
        self.header_list = headers
        self.headers = dict(headers)
        self.body = body

    def stored_headers(self):
        return [(name, value) for name, value in self.header_list if name not in PER_ANSWER]


def serve(path, method="get", site=application, **extra):
    """Call the site's WSGI application as a server does (and close the body, which ends a
    request in Django)."""
    environ = getattr(RequestFactory(), method)(path, **extra).environ
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, headers

    before = len(_started)
    # The test's database connection stays open across the request, as the test client
    # keeps it (Django closes old connections when a request starts and ends).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = site(environ, start_response)
        try:
            content = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return Answer(answer["status"], answer["headers"], content, len(_started) > before)


def cookie_header(client):
    return "; ".join(f"{morsel.key}={morsel.coded_value}" for morsel in client.cookies.values())


def test_the_site_is_served_through_the_layer():
    assert isinstance(application, PageCacheApplication)


@pytest.mark.parametrize("encoding", ["", "gzip, deflate, br"])
@pytest.mark.parametrize("page", ["article", "/", "/section/politics/", "/feeds/latest/"])
def test_a_hit_is_the_middlewares_hit_without_django(client, story, page, encoding):
    url = story.get_absolute_url() if page == "article" else page
    client.get(url, headers={"accept-encoding": encoding})
    middleware_hit = client.get(url, headers={"accept-encoding": encoding})

    hit = serve(url, headers={"accept-encoding": encoding})

    assert not hit.entered_django
    assert (middleware_hit["X-Page-Cache"], hit.headers["X-Page-Cache"]) == ("hit", "hit")
    assert hit.status_code == middleware_hit.status_code == 200
    middleware_headers = [
        (name, value) for name, value in middleware_hit.items() if name not in PER_ANSWER
    ]
    assert hit.stored_headers() == middleware_headers
    assert hit.body == middleware_hit.content
    assert [name for name, _ in hit.header_list][-3:] == ["Age", "X-Page-Cache", "X-Request-ID"]
    assert int(hit.headers["Age"]) >= 0
    assert hit.headers["X-Request-ID"] != middleware_hit["X-Request-ID"]


def test_a_hit_runs_no_query_and_never_enters_djangos_handler(
    client, story, monkeypatch, django_assert_num_queries
):
    client.get(story.get_absolute_url())

    def refuse(*args, **kwargs):
        raise AssertionError("Django's handler was called")

    monkeypatch.setattr(BaseHandler, "get_response", refuse)
    with django_assert_num_queries(0):
        hit = serve(story.get_absolute_url())

    assert hit.headers["X-Page-Cache"] == "hit"
    assert b"Harbour crane arrives" in hit.body
    assert not hit.entered_django


def test_each_hit_gets_a_fresh_request_id_and_leaves_no_log_context(client, story):
    client.get(story.get_absolute_url())

    first, second = serve(story.get_absolute_url()), serve(story.get_absolute_url())

    assert len(first.headers["X-Request-ID"]) == 32
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]
    record = logging.makeLogRecord({})
    RequestContextFilter().filter(record)
    assert (record.request_id, record.client_ip) == (None, None)


def test_a_hit_keeps_the_request_id_of_a_trusted_proxy_only(client, story, settings):
    client.get(story.get_absolute_url())
    headers = {"x-request-id": "edge-1234abcd"}

    settings.TRUSTED_PROXY_COUNT = 0
    untrusted = serve(story.get_absolute_url(), headers=headers)
    settings.TRUSTED_PROXY_COUNT = 1
    trusted = serve(story.get_absolute_url(), headers=headers)

    assert untrusted.headers["X-Request-ID"] != "edge-1234abcd"
    assert trusted.headers["X-Request-ID"] == "edge-1234abcd"
    assert not (untrusted.entered_django or trusted.entered_django)


def test_gzip_for_clients_that_take_it_and_plain_for_the_rest(client, story):
    client.get(story.get_absolute_url())

    gzipped = serve(story.get_absolute_url(), headers={"accept-encoding": "gzip"})
    plain = serve(story.get_absolute_url(), headers={"accept-encoding": "identity"})

    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(gzipped.body) == plain.body
    assert int(plain.headers["Content-Length"]) == len(plain.body)
    assert int(gzipped.headers["Content-Length"]) == len(gzipped.body)
    assert not (gzipped.entered_django or plain.entered_django)


def test_head_gets_the_headers_of_get_and_no_body(client, story):
    client.get(story.get_absolute_url())

    get = serve(story.get_absolute_url())
    head = serve(story.get_absolute_url(), method="head")

    assert head.headers["X-Page-Cache"] == "hit"
    assert head.body == b""
    assert head.stored_headers() == get.stored_headers()
    assert not (get.entered_django or head.entered_django)


def test_tracking_parameters_share_the_copy(client, story):
    client.get("/section/politics/")

    tagged = serve("/section/politics/?utm_source=mail&utm_campaign=spring")

    assert tagged.headers["X-Page-Cache"] == "hit"
    assert not tagged.entered_django


def test_a_conditional_request_is_answered_304_by_the_middleware(client, story):
    client.get(story.get_absolute_url())
    etag = client.get(story.get_absolute_url())["ETag"]
    middleware = client.get(story.get_absolute_url(), headers={"if-none-match": etag})

    answer = serve(story.get_absolute_url(), headers={"if-none-match": etag})

    assert answer.status_code == middleware.status_code == 304
    assert answer.headers["X-Page-Cache"] == "hit"
    assert answer.stored_headers() == [
        (name, value) for name, value in middleware.items() if name not in PER_ANSWER
    ]
    assert answer.body == b""
    assert answer.entered_django


def test_a_stale_page_goes_to_django_which_renders_it_again(client, story):
    client.get(story.get_absolute_url())
    purge_keys([f"a{story.pk}"])

    answer = serve(story.get_absolute_url())

    assert answer.headers["X-Page-Cache"] == "miss"
    assert answer.entered_django
    again = serve(story.get_absolute_url())
    assert again.headers["X-Page-Cache"] == "hit"
    assert not again.entered_django


def test_a_stale_page_being_rendered_is_handed_out_by_the_middleware(client, rf, story):
    client.get(story.get_absolute_url())
    purge_keys([f"a{story.pk}"])
    assert take_render_turn(rf.get(story.get_absolute_url()))  # another request renders it

    answer = serve(story.get_absolute_url())

    assert answer.headers["X-Page-Cache"] == "stale"
    assert answer.headers["Cache-Control"] == "public, no-cache"
    assert answer.entered_django


def test_a_miss_goes_to_django_and_is_stored(story):
    miss = serve(story.get_absolute_url())
    hit = serve(story.get_absolute_url())

    assert (miss.headers["X-Page-Cache"], hit.headers["X-Page-Cache"]) == ("miss", "hit")
    assert hit.stored_headers() == miss.stored_headers()
    assert miss.entered_django and not hit.entered_django


def test_signed_in_readers_go_to_django(client, story, django_user_model):
    reader = django_user_model.objects.create_user("rita", "rita@example.test", "pw-for-rita")
    client.get(story.get_absolute_url())
    client.force_login(reader)

    answer = serve(story.get_absolute_url(), headers={"cookie": cookie_header(client)})

    assert "X-Page-Cache" not in answer.headers
    assert "private" in answer.headers["Cache-Control"]
    assert b"Logged in as" in answer.body
    assert answer.entered_django


def test_a_waiting_message_goes_to_django(client, story):
    client.get(story.get_absolute_url())

    answer = serve(story.get_absolute_url(), headers={"cookie": "messages=anything"})

    assert "X-Page-Cache" not in answer.headers
    assert answer.entered_django


def test_a_made_up_session_cookie_still_gets_the_hit(client, story, settings):
    client.get(story.get_absolute_url())

    answer = serve(
        story.get_absolute_url(), headers={"cookie": f"{settings.SESSION_COOKIE_NAME}=made-up"}
    )

    assert answer.headers["X-Page-Cache"] == "hit"
    assert not answer.entered_django


@pytest.mark.parametrize("method", ["post", "put", "delete", "options"])
def test_other_methods_go_to_django(client, story, method):
    client.get(story.get_absolute_url())

    answer = serve(story.get_absolute_url(), method=method)

    assert "X-Page-Cache" not in answer.headers
    assert answer.entered_django


@pytest.mark.parametrize("path", ["/healthz", "/accounts/login/", "/no/such-page/here/"])
def test_other_paths_go_to_django(path):
    answer = serve(path)

    assert "X-Page-Cache" not in answer.headers
    assert answer.entered_django


def test_a_host_django_refuses_goes_to_django_and_gets_400(client, story):
    client.get(story.get_absolute_url())

    answer = serve(story.get_absolute_url(), headers={"host": "evil.example"})

    assert answer.status_code == 400
    assert answer.entered_django


def test_too_many_query_fields_go_to_django_and_get_400(client, story, settings):
    client.get(story.get_absolute_url())
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2

    answer = serve(story.get_absolute_url() + "?a=1&b=2&c=3")

    assert answer.status_code == 400
    assert answer.entered_django


def test_a_page_is_only_served_for_the_host_it_was_stored_for(client, story, settings):
    settings.ALLOWED_HOSTS = ["*"]
    client.get(story.get_absolute_url())

    other = serve(story.get_absolute_url(), headers={"host": "other.example"})

    assert other.headers["X-Page-Cache"] == "miss"
    assert b"http://other.example/" in other.body
    assert b"http://testserver/" not in other.body
    assert other.entered_django


def test_a_page_is_only_served_for_the_scheme_it_was_stored_for(client, story):
    client.get(story.get_absolute_url())

    secure = serve(story.get_absolute_url(), secure=True)

    assert secure.headers["X-Page-Cache"] == "miss"
    assert secure.entered_django


def test_a_plain_http_request_is_still_sent_to_https(client, story, settings):
    settings.SECURE_SSL_REDIRECT = True
    # The security middleware reads the setting when it is loaded.
    site = PageCacheApplication(get_wsgi_application())
    client.get(story.get_absolute_url(), secure=True)
    secure = serve(story.get_absolute_url(), secure=True, site=site)
    assert secure.headers["X-Page-Cache"] == "hit"
    assert not secure.entered_django

    plain = serve(story.get_absolute_url(), site=site)

    assert plain.status_code == 301
    assert plain.headers["Location"].startswith("https://")
    assert plain.entered_django


def test_the_page_cache_turned_off_turns_the_layer_off(client, story, settings):
    client.get(story.get_absolute_url())
    settings.PUBLIC_PAGE_CACHE = False

    answer = serve(story.get_absolute_url())

    assert answer.headers["X-Page-Cache"] == "miss"
    assert answer.entered_django


@pytest.fixture
def connections_closed(monkeypatch):
    """What ``RenewAfterwards`` calls to end its work as a request ends; the test's own
    connection must stay open (it holds the test's transaction)."""
    closed = mock.Mock()
    monkeypatch.setattr("articles.wsgi.close_old_connections", closed)
    return closed


def open_and_send(path):
    """Start a request through the layer as a server does, and take the body without
    closing it: what the reader has before the server closes the response."""
    environ = RequestFactory().get(path).environ
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    body = application(environ, start_response)
    return answer["headers"], b"".join(body), body


def test_a_page_whose_sidebars_are_out_of_date_goes_out_at_once_and_is_renewed_after(
    client, story, other_writer, connections_closed
):
    from tests.factories import ArticleFactory

    first = client.get(story.get_absolute_url())
    ArticleFactory(published=True, author=other_writer, title="Ferry timetable changes")
    purge_keys(["latest"])  # what the publish purges

    headers, content, body = open_and_send(story.get_absolute_url())
    assert headers["X-Page-Cache"] == "stale"
    assert headers["Cache-Control"] == "public, no-cache"
    assert content == first.content  # sent as it was, nothing rendered on the way
    # While it is being renewed, others get the previous copy from the middleware.
    assert serve(story.get_absolute_url()).headers["X-Page-Cache"] == "stale"

    assert not connections_closed.called
    body.close()  # the server has sent it: the sidebars are put in place
    connections_closed.assert_called_once_with()

    renewed = serve(story.get_absolute_url())
    assert renewed.headers["X-Page-Cache"] == "hit"
    assert not renewed.entered_django
    assert b"Ferry timetable changes" in renewed.body
    assert take_render_turn(RequestFactory().get(story.get_absolute_url()))  # given back


def test_a_renewal_that_fails_after_the_answer_is_logged_and_tried_again(
    client, story, monkeypatch, caplog, connections_closed
):
    client.get(story.get_absolute_url())
    purge_keys(["latest"])

    def broken(request, page):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("articles.wsgi.renew_part", broken)
    headers, content, body = open_and_send(story.get_absolute_url())
    with caplog.at_level(logging.ERROR, logger="articles.wsgi"):
        body.close()

    assert headers["X-Page-Cache"] == "stale"
    assert content
    assert "Renewing the sidebars" in caplog.text
    connections_closed.assert_called_once_with()  # a broken connection is not kept
    monkeypatch.undo()
    again = serve(story.get_absolute_url())
    assert again.headers["X-Page-Cache"] == "stale"  # the next request renews it
    assert serve(story.get_absolute_url()).headers["X-Page-Cache"] == "hit"


def test_a_conditional_request_for_such_a_page_goes_to_django(client, story):
    first = client.get(story.get_absolute_url())
    purge_keys(["latest"])

    answer = serve(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert answer.entered_django
    assert answer.headers["X-Page-Cache"] == "renewed"
