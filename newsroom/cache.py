"""Django's Redis cache backend, with one Redis client per connection pool.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` object for every cache call, and
redis-py's constructor fills a table of about 160 response callbacks each time: about
0.08 ms, a third of a page-cache hit (docs/performance.md). A ``redis.Redis`` can be
shared between threads (its pool hands each command a connection), so one per pool does.

``FailSoftRedisCache`` (the one the settings use) adds that Redis is a cache, not a
dependency: while it is unreachable, the site runs without it (docs/deploy.md).
"""

import logging
import time

import redis
from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient


# While Redis cannot be reached, each process serves without it for CACHE_RETRY_SECONDS
# before trying again, so a dead Redis costs one short timeout per process and period
# instead of one per cache call. Keyed by server, shared by the threads of a process.
_unavailable_until = {}

UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class FailSoftRedisCache(SharedClientRedisCache):
    """The Redis cache as a cache: while Redis is unreachable every call answers as a miss.

    Reads return their default, writes store nothing, and ``add`` reports success (so a
    caller that takes a lock with it, as allauth's rate limits do, is not refused). The
    site then renders from the database, slower but whole. ``is_available()`` says whether
    Redis answers, for the health check and for what must fail closed (sign-in).
    """

    def _down(self):
        return _unavailable_until.get(self._server_key, 0) > time.monotonic()

    @property
    def _server_key(self):
        return tuple(self._servers)

    def _failed(self, error):
        if not self._down():
            logger.warning(
                "The cache (Redis) is unreachable; serving without it for %s s: %s",
                settings.CACHE_RETRY_SECONDS,
                error,
            )
        _unavailable_until[self._server_key] = time.monotonic() + settings.CACHE_RETRY_SECONDS

    def _call(self, method, fallback, *args, **kwargs):
        if self._down():
            return fallback
        try:
            return getattr(super(), method)(*args, **kwargs)
        except UNREACHABLE as error:
            self._failed(error)
            return fallback

    def is_available(self):
        """Whether Redis answers now (one round trip, or none while it is known to be down)."""
        if self._down():
            return False
        try:
            self._cache.get_client(write=True).ping()
        except UNREACHABLE as error:
            self._failed(error)
            return False
        return True

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", [], data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        if self._down():
            raise CacheUnavailable
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            self._failed(error)
            raise CacheUnavailable from error

    def clear(self):
        return self._call("clear", False)


class CacheUnavailable(ValueError):
    """``incr`` cannot answer as a miss: there is no number to return while Redis is down."""


def is_available(cache):
    """Whether ``cache`` answers; a cache in process memory always does."""
    check = getattr(cache, "is_available", None)
    return check() if check is not None else True
