"""Logging in or out makes the browser forget its cached copies of public pages."""

import pytest

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_tells_the_browser_to_drop_cached_pages(client, verified_user):
    response = client.post("/accounts/login/", {"login": "reader", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache"'


def test_logout_tells_the_browser_to_drop_cached_pages(client, verified_user):
    client.force_login(verified_user)

    response = client.post("/accounts/logout/")

    assert response["Clear-Site-Data"] == '"cache"'


def test_a_failed_login_keeps_the_cache(client, verified_user):
    response = client.post("/accounts/login/", {"login": "reader", "password": "wrong"})

    assert "Clear-Site-Data" not in response


def test_ordinary_pages_keep_the_cache(client):
    assert "Clear-Site-Data" not in client.get("/")
