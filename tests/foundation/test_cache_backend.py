"""The Redis cache backend keeps one Redis client instead of building one per call."""

from django.core.cache.backends.redis import RedisCache

from newsroom.cache import SharedClientRedisCache

LOCATION = "redis://127.0.0.1:6379/2"


def test_every_call_gets_the_same_client():
    backend = SharedClientRedisCache(LOCATION, {})

    client = backend._cache.get_client("a-key")

    assert backend._cache.get_client("another-key") is client
    assert backend._cache.get_client("a-key", write=True) is client


def test_it_is_django_redis_backend_otherwise():
    backend = SharedClientRedisCache(LOCATION, {"KEY_PREFIX": "newsroom"})

    assert isinstance(backend, RedisCache)
    assert backend.make_key("page") == "newsroom:1:page"
