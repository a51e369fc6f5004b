"""Redis is a cache, not a single point of failure: with it unreachable the site goes on."""

import socket

import pytest
from django.core.cache import cache

from newsroom import cache as cache_backends
from tests.accounts.conftest import PASSWORD, verified_user  # noqa: F401 - a fixture
from tests.factories import ArticleFactory
from tests.foundation.test_settings import run_settings

pytestmark = pytest.mark.django_db


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    """The cache points at a port where nothing listens, as when Redis has stopped."""
    location = f"redis://127.0.0.1:{_closed_port()}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.FailSoftRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
    yield
    cache_backends._unavailable_until.pop((location,), None)


def test_pages_render_from_the_database_while_redis_is_down(client, redis_down):
    article = ArticleFactory(published=True, title="Tide tables for the winter")

    front = client.get("/")
    page = client.get(article.get_absolute_url())

    assert front.status_code == 200
    assert page.status_code == 200
    assert "Tide tables for the winter" in page.content.decode()


def test_a_dead_redis_is_left_alone_after_the_first_failure(redis_down, monkeypatch):
    connections = []
    client_for = cache_backends.SharedClientRedisCacheClient.get_client

    def counting_get_client(self, key=None, *, write=False):
        connections.append(key)
        return client_for(self, key, write=write)

    monkeypatch.setattr(
        cache_backends.SharedClientRedisCacheClient, "get_client", counting_get_client
    )

    assert cache.get("first") is None
    assert cache.get("second") is None
    cache.set("third", 3)

    assert len(connections) == 1


def test_redis_calls_have_short_timeouts():
    result = run_settings(
        "o = s.CACHES['default']['OPTIONS']\n"
        "print(o['socket_connect_timeout'], o['socket_timeout'])",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0.25", "0.5"]


def test_healthz_reports_the_cache_down_and_stays_200(client, redis_down):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "down"}


def test_login_waits_while_its_rate_limit_cannot_be_counted(client, redis_down, verified_user):  # noqa: F811
    response = client.post("/accounts/login/", {"login": "reader", "password": PASSWORD})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Please try again shortly." in page
    assert "_auth_user_id" not in client.session


def test_other_rate_limited_forms_stay_open_while_redis_is_down(client, redis_down, verified_user):  # noqa: F811
    response = client.post("/accounts/password/reset/", {"email": "reader@example.test"})

    assert response.status_code == 302
