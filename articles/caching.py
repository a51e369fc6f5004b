"""Caching of anonymous public pages.

A reader who is not signed in and has no message waiting gets a page that is the same for
everyone, so it is rendered once, kept in the cache (Redis when ``REDIS_URL`` is set) and
marked public for a CDN for ``PUBLIC_CACHE_SECONDS``. Such a request never touches the
session, so the response carries no ``Set-Cookie`` and no ``Vary: Cookie``. Signed-in
readers always get a fresh, private page.

"Signed in" is told without the session store: sign-in sets a small signed cookie beside the
session cookie (``accounts.middleware.SignedInCookieMiddleware``), so a made-up session
cookie gets the cached anonymous page, at no database query. The cache key keeps only the
query parameters pages read (``PAGE_PARAMETERS``); the rest (``utm_*``, junk) is dropped
from the request before the view sees it, so random parameters cannot fill the cache. A
response that read anything about its visitor (a message, the session, a CSRF token) is
never stored.

Those anonymous pages are gzipped for clients that accept it: they reflect no secret (no
CSRF token, no session), so compression cannot leak one (BREACH). Signed-in pages, which
carry CSRF tokens, go out uncompressed.

Invalidation is by generation: every cached page key contains the current generation
number, and ``purge_public_pages()`` (called when an article is published, edited or
unpublished, or a section or the site settings change) bumps it, so every old page is
skipped at once and expires on its own.
"""

import hashlib
import pickle
import time
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import QueryDict
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control
from django.utils.encoding import iri_to_uri
from django.utils.http import urlencode

from accounts.signed_in import is_signed_in_request
from newsroom.routers import reads_from_replica

GENERATION_KEY = "public-pages:generation"


# The query parameters public pages read: ``page`` (listings, search), ``q`` (search) and
# ``p`` (Django's sitemap pages). A view that reads another one must be added here.
PAGE_PARAMETERS = frozenset({"page", "q", "p"})


def is_anonymous_request(request):
    """Not signed in and no message waiting: nothing about this reader differs from others."""
    return not is_signed_in_request(request) and CookieStorage.cookie_name not in request.COOKIES


def keep_page_parameters(request):
    """Drop the query parameters no public page reads, and put the rest in one order.

    Dropped rather than redirected to the clean address: a shared link with campaign tags
    then costs no extra round trip, and the tags still reach the access logs.
    """
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    kept = urlencode(
        [
            (name, value)
            for name, values in sorted(request.GET.lists())
            if name in PAGE_PARAMETERS
            for value in values
        ]
    )
    if kept != query:
        request.META["QUERY_STRING"] = kept
        request.GET = QueryDict(kept)


def is_shareable(request, response):
    """Whether ``response`` read nothing about its visitor, so it may be handed to anyone."""
    messages = getattr(request, "_messages", None)
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.cookies
        and not getattr(session, "accessed", False)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (messages is not None and (messages.used or messages._queued_messages))
    )


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def purge_public_pages():
    """Make every cached public page stale (call after anything readers see has changed)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)
    forget_local_pages()


# Process-local copies of the pages this process served from the shared cache, each kept
# for PUBLIC_PAGE_LOCAL_SECONDS (one second by default): under a burst of readers a page is
# then read from Redis about once a second per process instead of on every request. A purge
# empties this process's copies at once; the other processes drop theirs within that second.
# Pickled, so every request gets its own response object (middleware sets headers on it).
_local_pages = {}
LOCAL_PAGES_MAX = 500


def forget_local_pages():
    _local_pages.clear()


def _local_page(digest):
    entry = _local_pages.get(digest)
    if entry is None or entry[0] < time.monotonic():
        return None
    return pickle.loads(entry[1])  # noqa: S301 - bytes this process pickled itself


def _keep_local_page(digest, response):
    seconds = settings.PUBLIC_PAGE_LOCAL_SECONDS
    if seconds <= 0:
        return
    if len(_local_pages) >= LOCAL_PAGES_MAX:
        _local_pages.clear()
    _local_pages[digest] = (time.monotonic() + seconds, pickle.dumps(response))


def _url_digest(request):
    # The host is part of the key because pages carry absolute URLs (canonical, OpenGraph);
    # hashed, so a long query string cannot make a key too long for the cache backend.
    url = f"{request.scheme}://{request.get_host()}{iri_to_uri(request.get_full_path())}"
    return hashlib.sha256(url.encode()).hexdigest()


def _page_key(generation, digest):
    return f"public-page:{generation}:{digest}"


def page_cache_key(request):
    return _page_key(current_generation(), _url_digest(request))


# The generation this process saw last. A lookup reads the current generation and the page
# stored under this one in a single round trip to the cache; only the first lookup after a
# purge needs a second. (Only a guess: the generation read from the cache always decides.)
_seen_generation = 1


def cached_page(request):
    """The cache key of this page now, and the cached response if there is one."""
    global _seen_generation
    digest = _url_digest(request)
    local = _local_page(digest)
    if local is not None:
        return None, local
    guess = _seen_generation
    found = cache.get_many([GENERATION_KEY, _page_key(guess, digest)])
    generation = found.get(GENERATION_KEY)
    if generation == guess:
        response = found.get(_page_key(guess, digest))
    else:
        if generation is None:
            generation = current_generation()
        _seen_generation = generation
        response = cache.get(_page_key(generation, digest))
    if response is not None:
        _keep_local_page(digest, response)
    return _page_key(generation, digest), response


def public_page(view):
    """Serve a public GET view from the cache to anonymous readers, with CDN-friendly headers."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        keep_page_parameters(request)
        if request.method not in ("GET", "HEAD") or not is_anonymous_request(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response

        # Answer without loading the session: no Vary: Cookie, no Set-Cookie.
        request.user = AnonymousUser()
        use_cache = settings.PUBLIC_PAGE_CACHE
        key, response = cached_page(request) if use_cache else (None, None)
        if response is None:
            with reads_from_replica():
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
            if use_cache and is_shareable(request, response):
                cache.set(key, response, settings.PUBLIC_CACHE_SECONDS)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        return _gzip.process_response(request, response)

    return wrapper


# Compresses when the client accepts gzip and the body is worth it; adds Vary: Accept-Encoding.
_gzip = GZipMiddleware(lambda request: None)
