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

Invalidation is by surrogate key. A view names what its page shows (``add_page_keys``:
``a42`` for an article, ``s3`` for a section's listing, ``front`` for the home page, see
docs/deploy.md), and every public response carries those keys in ``xkey`` (Varnish) and
``Surrogate-Key`` headers. ``purge_keys()`` records, per key, when it was last purged; a
cached page rendered before the last purge of any of its keys is stale. ``purge_public_pages()``
purges the key every page carries (``all``): sections, site settings and the like.

A stale page is not thrown away at once: the first request for it takes a short lock and
renders it again, and while it does the others get the previous copy (stale while
revalidate), so a purged front page costs one render, not one per reader. Such a copy goes
out with ``no-cache``, so an edge cache in front of us never keeps it.
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

# The key every public page carries: purging it makes the whole site stale.
SITE_KEY = "all"
# At most this many keys per page; a page that would show more names its listing instead.
MAX_PAGE_KEYS = 24


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


def _purged_key(key):
    return f"public-pages:purged:{key}"


def _purge_record_seconds():
    # A purge record must outlive every page stored before it; a record that is gone means
    # no page now in the cache was rendered before that purge.
    return settings.PUBLIC_CACHE_SECONDS + settings.PUBLIC_PAGE_STALE_SECONDS + 60


def current_generation(*keys):
    """When any of ``keys`` (the site key by default) was last purged, as a number that grows;
    0 when none was purged lately. Caches of page fragments key on it."""
    found = cache.get_many([_purged_key(key) for key in keys or (SITE_KEY,)])
    return max(found.values(), default=0)


def purge_keys(keys):
    """Make every cached page that carries one of ``keys`` stale."""
    keys = set(keys)
    if not keys:
        return
    now = time.time()
    cache.set_many({_purged_key(key): now for key in keys}, timeout=_purge_record_seconds())
    forget_local_pages()


def purge_public_pages():
    """Make every cached public page stale (sections, site settings: what every page shows)."""
    purge_keys([SITE_KEY])


def add_page_keys(request, *keys):
    """Name what this page shows (``a42``, ``s3``, ``front``...), for purging it by key."""
    page_keys = request.__dict__.setdefault("_page_keys", [])
    page_keys.extend(key for key in keys if key not in page_keys)


def note_listed(request, key, article_ids):
    """Record which articles the page keyed ``key`` lists (the home page, the latest feed), so
    that editing an article purges ``key`` only when the article is on it."""
    add_page_keys(request, key)
    request.__dict__.setdefault("_listed", {})[key] = frozenset(article_ids)


def is_listed(key, article_id):
    """Whether the page keyed ``key`` showed ``article_id`` when last rendered; without a record
    (never rendered, or long ago) it may, so the answer is yes."""
    listed = cache.get(f"public-pages:listed:{key}")
    return listed is None or article_id in listed


def page_keys(request):
    """The surrogate keys of this page: what its view named, capped, and the site key."""
    keys = getattr(request, "_page_keys", [])[: MAX_PAGE_KEYS - 1]
    return [*keys, SITE_KEY]


# Process-local copies of the pages this process served from the shared cache, each kept
# for PUBLIC_PAGE_LOCAL_SECONDS (one second by default): under a burst of readers a page is
# then read from Redis about once a second per process instead of on every request. A purge
# empties this process's copies at once; the other processes drop theirs within that second
# (so behind an edge cache, which absorbs the bursts itself, set it to 0: docs/deploy.md).
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


def _page_key(digest):
    return f"public-page:{digest}"


def page_cache_key(request):
    return _page_key(_url_digest(request))


# The keys each page carried when this process last saw it: a lookup reads the page and
# the purge records of those keys in one round trip; only a page whose keys changed needs a
# second. (Only a guess: the keys stored with the page always decide.)
_seen_keys = {}


class CachedPage:
    """A page from the cache: the response, when it was rendered, and whether it is fresh."""

    def __init__(self, response, rendered_at, fresh):
        self.response = response
        self.rendered_at = rendered_at
        self.fresh = fresh


def cached_page(request):
    """This page from the cache (a ``CachedPage``), or None when there is no copy."""
    digest = _url_digest(request)
    local = _local_page(digest)
    if local is not None:
        return CachedPage(local[1], local[0], fresh=True)
    page_key = _page_key(digest)
    guess = _seen_keys.get(digest, (SITE_KEY,))
    found = cache.get_many([page_key, *(_purged_key(key) for key in guess)])
    entry = found.get(page_key)
    if entry is None:
        return None
    rendered_at, keys, response = entry
    unread = [_purged_key(key) for key in keys if key not in guess]
    if unread:
        found.update(cache.get_many(unread))
    if len(_seen_keys) >= LOCAL_PAGES_MAX:
        _seen_keys.clear()
    _seen_keys[digest] = keys
    purged_at = max((found.get(_purged_key(key), 0) for key in keys), default=0)
    fresh = (
        # Purge and render times come from the clocks of different app servers, which must
        # be kept in step (NTP, docs/deploy.md).
        purged_at < rendered_at and time.time() < rendered_at + settings.PUBLIC_CACHE_SECONDS
    )
    if fresh:
        _keep_local_page(digest, (rendered_at, response))
    return CachedPage(response, rendered_at, fresh)


def _store_page(request, rendered_at, response):
    keys = page_keys(request)
    seconds = settings.PUBLIC_CACHE_SECONDS + settings.PUBLIC_PAGE_STALE_SECONDS
    stored = {_page_key(_url_digest(request)): (rendered_at, keys, response)}
    for key, article_ids in getattr(request, "_listed", {}).items():
        stored[f"public-pages:listed:{key}"] = article_ids
    cache.set_many(stored, seconds)


def _render(request, view, args, kwargs):
    with reads_from_replica():
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
    if response.status_code == 200:
        keys = " ".join(page_keys(request))
        response["xkey"] = keys
        response["Surrogate-Key"] = keys
    return response


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
        page = cached_page(request) if use_cache else None
        if page is not None and page.fresh:
            response = page.response
            response["Age"] = str(max(0, int(time.time() - page.rendered_at)))
            status = "hit"
        elif page is not None and not _take_render_turn(request):
            # Another request is rendering this page again: hand out the previous copy, which
            # an edge cache must not keep.
            response, status = page.response, "stale"
        else:
            rendered_at = time.time()
            try:
                response = _render(request, view, args, kwargs)
                if use_cache and is_shareable(request, response):
                    _store_page(request, rendered_at, response)
            finally:
                if page is not None:
                    _end_render_turn(request)
            status = "miss"
        response["X-Page-Cache"] = status
        if status == "stale":
            patch_cache_control(response, public=True, no_cache=True)
        elif response.status_code == 200:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PUBLIC_CACHE_SECONDS,
                stale_while_revalidate=settings.PUBLIC_PAGE_STALE_SECONDS,
                stale_if_error=settings.PUBLIC_STALE_IF_ERROR_SECONDS,
            )
        return _gzip.process_response(request, response)

    return wrapper


def _render_turn_key(request):
    return f"public-page-render:{_url_digest(request)}"


def _take_render_turn(request):
    """Whether this request is the one to render a stale page again (one at a time per page;
    the turn lapses after PUBLIC_PAGE_STALE_SECONDS should its holder never finish)."""
    return cache.add(_render_turn_key(request), 1, timeout=settings.PUBLIC_PAGE_STALE_SECONDS)


def _end_render_turn(request):
    cache.delete(_render_turn_key(request))


# Compresses when the client accepts gzip and the body is worth it; adds Vary: Accept-Encoding.
_gzip = GZipMiddleware(lambda request: None)
