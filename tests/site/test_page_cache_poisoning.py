"""The page cache cannot be bypassed with made-up cookies or parameters, nor poisoned with a
visitor's own message."""

import pytest
from django.conf import settings
from django.test import Client

from tests.accounts.conftest import PASSWORD, verified_user  # noqa: F401 - a fixture
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(author, politics):
    return ArticleFactory(published=True, author=author, section=politics, title="Harbour opens")


def test_a_made_up_session_cookie_gets_the_cached_anonymous_page(
    client, story, django_assert_num_queries
):
    client.get(story.get_absolute_url())
    client.cookies[settings.SESSION_COOKIE_NAME] = "made-up-session-key-0123456789abcdef"

    with django_assert_num_queries(0):
        response = client.get(story.get_absolute_url())

    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


def test_a_real_sign_in_still_gets_a_private_page(client, story, verified_user):  # noqa: F811
    client.post("/accounts/login/", {"login": "reader", "password": PASSWORD})

    response = client.get(story.get_absolute_url())

    assert "private" in response["Cache-Control"]
    assert "Logged in as" in response.content.decode()


def test_tracking_parameters_do_not_make_new_cache_entries(
    client, story, django_assert_num_queries
):
    client.get("/?utm_campaign=first")

    with django_assert_num_queries(0):
        response = client.get("/?utm_campaign=second&fbclid=abc")

    assert response.status_code == 200
    assert "utm_campaign" not in response.content.decode()


def test_parameters_a_page_reads_still_make_their_own_page(client, politics):
    ArticleFactory.create_batch(25, published=True, section=politics)

    first = client.get("/section/politics/?utm_source=x")
    second = client.get("/section/politics/?page=2&utm_source=x")

    assert first.status_code == second.status_code == 200
    assert first.content != second.content


def _drop_deleted_cookies(client, response):
    """What a browser does with a cookie the response expires."""
    for name, morsel in response.cookies.items():
        if morsel["max-age"] == 0 and name in client.cookies:
            del client.cookies[name]


def test_the_signed_out_message_is_never_shown_to_other_readers(
    client,
    story,
    verified_user,  # noqa: F811
):
    client.post("/accounts/login/", {"login": "reader", "password": PASSWORD})
    logout = client.post("/accounts/logout/")
    _drop_deleted_cookies(client, logout)

    own = client.get("/")
    _drop_deleted_cookies(client, own)
    other = Client().get("/")

    assert "You are logged out." in own.content.decode()
    assert "private" in own["Cache-Control"]
    assert "You are logged out." not in other.content.decode()
