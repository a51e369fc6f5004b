"""Caching of anonymous public pages.

A reader who is not signed in and has no message waiting gets a page that is the same for
everyone, so it is rendered once, kept in the cache (Redis when ``REDIS_URL`` is set) and
marked public for a CDN for ``PUBLIC_CACHE_SECONDS``. Such a request never touches the
session, so the response carries no ``Set-Cookie`` and no ``Vary: Cookie``. Signed-in
readers always get a fresh, private page.

Two halves: ``public_page`` wraps a view and renders its page for everyone (public
``Cache-Control``, surrogate keys); ``articles.middleware.PageCacheMiddleware``, early in
the middleware list, looks the page up before the session, authentication and the rest of
the middleware run, and stores the finished response (with the headers that middleware
added: CSP, ``X-Frame-Options``, ``ETag``) on its way out. A hit therefore runs none of them
and no query, and carries the same headers as the miss that stored it.

"Signed in" is told without the session store: sign-in sets a small signed cookie beside the
session cookie (``accounts.middleware.SignedInCookieMiddleware``), so a made-up session
cookie gets the cached anonymous page, at no database query. The cache key keeps only the
query parameters pages read (``PAGE_PARAMETERS``); the rest (``utm_*``, junk) is dropped
from the request before the view sees it, so random parameters cannot fill the cache. A
response that read anything about its visitor (a message, the session, a CSRF token, a CSP
nonce) is never stored.

Those anonymous pages are gzipped for clients that accept it: they reflect no secret (no
CSRF token, no session), so compression cannot leak one (BREACH). Each stored page keeps
its body plain and gzipped, so a hit compresses nothing. Signed-in pages, which carry CSRF
tokens, go out uncompressed.

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
import time
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.encoding import escape_uri_path, iri_to_uri
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


def _kept_query(request):
    """The query string with only the parameters pages read, in one order."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return ""
    return urlencode(
        [
            (name, value)
            for name, values in sorted(request.GET.lists())
            if name in PAGE_PARAMETERS
            for value in values
        ]
    )


def keep_page_parameters(request):
    """Drop the query parameters no public page reads, and put the rest in one order.

    Dropped rather than redirected to the clean address: a shared link with campaign tags
    then costs no extra round trip, and the tags still reach the access logs.
    """
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    kept = _kept_query(request)
    if kept != query:
        request.META["QUERY_STRING"] = kept
        request.GET = QueryDict(kept)


def is_shareable(request, response):
    """Whether ``response`` read nothing about its visitor, so it may be handed to anyone.

    Asked of the finished response, after every middleware: a cookie set on the way out
    (session, CSRF, messages, the signed-in marker) or a CSP nonce (one per response, or it
    protects nothing; ``csp_nonce`` is true once a template has asked for it) keeps it out
    of the cache.
    """
    messages = getattr(request, "_messages", None)
    session = getattr(request, "session", None)
    policies = response.get("Content-Security-Policy", "") + response.get(
        "Content-Security-Policy-Report-Only", ""
    )
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "'nonce-" not in policies
        and not getattr(request, "csp_nonce", None)
        and not getattr(session, "accessed", False)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (messages is not None and (messages.used or messages._queued_messages))
    )


def purge_record_key(key):
    return f"public-pages:purged:{key}"


def _purge_record_seconds():
    # A purge record must outlive every page stored before it; a record that is gone means
    # no page now in the cache was rendered before that purge.
    return _longest_keep() + settings.PUBLIC_PAGE_STALE_SECONDS + 60


def _longest_keep():
    return max(settings.PUBLIC_PAGE_KEEP_SECONDS, settings.PUBLIC_CACHE_SECONDS)


def keep_page_for(request, seconds):
    """Keep this page in the page cache at most ``seconds``, however few purges reach it: for
    a page that shows something no purge follows (Top News follows the read counts)."""
    request._page_keep_seconds = min(seconds, page_keep_seconds(request))


def page_keep_seconds(request):
    """How long the page cache may serve this page while none of its keys is purged."""
    return getattr(request, "_page_keep_seconds", _longest_keep())


def _purged_at(found, keys):
    return max((found.get(purge_record_key(key), 0) for key in keys), default=0)


def current_generation(*keys):
    """When any of ``keys`` (the site key by default) was last purged, as a number that grows;
    0 when none was purged lately. Caches of page fragments key on it."""
    found = cache.get_many([purge_record_key(key) for key in keys or (SITE_KEY,)])
    return max(found.values(), default=0)


def purge_keys(keys):
    """Make every cached page that carries one of ``keys`` stale."""
    keys = set(keys)
    if not keys:
        return
    now = time.time()
    cache.set_many({purge_record_key(key): now for key in keys}, timeout=_purge_record_seconds())
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


# Page parts: what a page shows that changes more often than the page around it (the Latest
# and Top News sidebars, which change with every publish and with the read counts). A part
# is rendered on its own and kept in the cache for every page that shows it; a stored page
# keeps its bytes before and after the part, so when the part changes the page cache puts
# the new part in place of the old one instead of rendering the page again. A publish then
# costs one render of the sidebars, not one render of every article page.
_part_renderers = {}


def page_part(name):
    """Register ``render(spec) -> html`` as the renderer of the page part ``name``."""

    def register(render):
        _part_renderers[name] = render
        return render

    return register


def _part_cache_key(name, spec):
    spec = "-".join(str(value) for value in spec)
    return f"page-part:v2:{name}:{spec}"


def current_part(name, spec, keys):
    """``(html, made_at)``: the part ``name`` for ``spec``, as kept in the cache or rendered
    now. It is kept until one of ``keys`` is purged, and at most ``PUBLIC_CACHE_SECONDS``
    (what it shows may follow no purge: read counts, a scheduled article's time).

    The copy and the purge records of its keys come in one round trip; a copy made before
    the latest purge (its time is taken before rendering) is stale. A stale copy is kept
    PUBLIC_PAGE_STALE_SECONDS longer, to be handed out while one request makes the new one.
    """
    key = _part_cache_key(name, spec)
    found = cache.get_many([key, *(purge_record_key(k) for k in keys)])
    copy = found.pop(key, None)
    now = time.time()
    if (
        copy is not None
        and copy[1] > max(found.values(), default=0)
        and now < copy[1] + settings.PUBLIC_CACHE_SECONDS
    ):
        return copy
    # One request at a time makes it again; meanwhile the others take the previous copy
    # (every page that shows the part would otherwise render it at once).
    turn = f"{key}:render"
    took_turn = copy is not None
    if took_turn and not cache.add(turn, 1, timeout=settings.PUBLIC_PAGE_STALE_SECONDS):
        return copy
    try:
        copy = (str(_part_renderers[name](spec)), now)
        cache.set(key, copy, settings.PUBLIC_CACHE_SECONDS + settings.PUBLIC_PAGE_STALE_SECONDS)
    finally:
        if took_turn:
            cache.delete(turn)
    return copy


def part_html(request, name, spec, keys):
    """The HTML of the part ``name`` for this page (see ``current_part``), noted so that the
    stored page can take a newer one later."""
    html, made_at = current_part(name, spec, keys)
    request._page_part = (name, spec, tuple(keys), made_at, html)
    return html


def _stored_part(request, content):
    """What a stored page keeps of its part: its name, spec, keys, when it was made, and
    the page's bytes before and after it; None when the page has none (or shows it twice)."""
    part = getattr(request, "_page_part", None)
    if part is None:
        return None
    name, spec, keys, made_at, html = part
    pieces = content.split(html.encode())
    if len(pieces) != 2:
        return None
    return (name, spec, keys, made_at, *pieces)


def page_keys(request):
    """The surrogate keys of this page: what its view named, capped, and the site key."""
    keys = getattr(request, "_page_keys", [])[: MAX_PAGE_KEYS - 1]
    return [*keys, SITE_KEY]


# Process-local copies of the pages this process served from the shared cache, each kept
# for PUBLIC_PAGE_LOCAL_SECONDS (one second by default): under a burst of readers a page is
# then read from Redis about once a second per process instead of on every request. A purge
# empties this process's copies at once; the other processes drop theirs within that second
# (so behind an edge cache, which absorbs the bursts itself, set it to 0: docs/deploy.md).
# A copy is the stored tuple of bytes and headers; every request gets a response of its own
# built from it (middleware further out sets headers on it).
_local_pages = {}
LOCAL_PAGES_MAX = 500


def forget_local_pages():
    _local_pages.clear()


def _local_page(digest):
    entry = _local_pages.get(digest)
    if entry is None or entry[0] < time.monotonic():
        return None
    return entry[1]


def _keep_local_page(digest, stored):
    seconds = settings.PUBLIC_PAGE_LOCAL_SECONDS
    if seconds <= 0:
        return
    if len(_local_pages) >= LOCAL_PAGES_MAX:
        _local_pages.clear()
    _local_pages[digest] = (time.monotonic() + seconds, stored)


def _url_digest(request):
    # The host is part of the key because pages carry absolute URLs (canonical, OpenGraph);
    # hashed, so a long query string cannot make a key too long for the cache backend. The
    # query is the one the view will see (``keep_page_parameters``), so the lookup, made
    # before the view runs, and the store, after it, agree.
    query = _kept_query(request)
    url = f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}"
    if query:
        url += "?" + iri_to_uri(query)
    return hashlib.sha256(url.encode()).hexdigest()


# The format of a stored page is part of its key: during a rolling deploy, processes of the
# old and the new release share the cache and must not read each other's pages.
PAGE_FORMAT = 3


def _page_key(digest):
    return f"public-page:v{PAGE_FORMAT}:{digest}"


def page_cache_key(request):
    return _page_key(_url_digest(request))


# The keys each page carried when this process last saw it: a lookup reads the page and
# the purge records of those keys in one round trip; only a page whose keys changed needs a
# second. (Only a guess: the keys stored with the page always decide.)
_seen_keys = {}

# What is stored per page: when it was rendered, its surrogate keys, its status, the headers
# and body as sent to a client without gzip and, when compressing pays, with it; how long it
# may be kept; and its part (``_stored_part``) or None.
RENDERED_AT, KEYS, STATUS, HEADERS, BODY, GZIP_HEADERS, GZIP_BODY, KEEP, PART = range(9)
# In a stored part: the part's name, spec, keys, when it was made, the bytes around it.
PART_NAME, PART_SPEC, PART_KEYS, PART_MADE_AT, PART_HEAD, PART_TAIL = range(6)


class CachedPage:
    """A page from the cache: when it was rendered, whether it is fresh, and its bytes.

    ``fresh``: it may be sent as it is. ``renewable``: only its part is out of date, and
    ``renew_part`` makes it fresh without rendering the page.
    """

    def __init__(self, stored, fresh, renewable=False):
        self.stored = stored
        self.rendered_at = stored[RENDERED_AT]
        self.fresh = fresh
        self.renewable = renewable

    def age(self):
        """The ``Age`` header's value: whole seconds since the page, or its part when newer,
        was made. A page older than ``PUBLIC_CACHE_SECONDS`` is still current (none of its
        keys was purged, which this lookup has just checked, as a revalidation would), so it
        goes out as new rather than as already stale to the caches after us."""
        part = self.stored[PART]
        made_at = max(self.rendered_at, part[PART_MADE_AT] if part else 0)
        seconds = max(0, int(time.time() - made_at))
        return str(seconds if seconds < settings.PUBLIC_CACHE_SECONDS else 0)

    @property
    def status(self):
        return self.stored[STATUS]

    def encoded_for(self, environ):
        """The stored headers (Django's mapping of lower-case name to (name, value)) and body,
        gzipped when the request of this WSGI ``environ`` takes it (by GZipMiddleware's rule).

        Read from the environ as it is: ``request.headers`` would build a dictionary of every
        header on each hit for this one value.
        """
        stored = self.stored
        if stored[GZIP_BODY] is not None and re_accepts_gzip.search(
            environ.get("HTTP_ACCEPT_ENCODING", "")
        ):
            return stored[GZIP_HEADERS], stored[GZIP_BODY]
        return stored[HEADERS], stored[BODY]

    def response_for(self, request):
        """A new response with the stored headers and body, gzipped when ``request`` takes it."""
        headers, body = self.encoded_for(request.META)
        response = HttpResponse(body, status=self.status)
        # The headers were checked and encoded when the page was stored (``pack_page``);
        # set as they are, since checking each again costs more than the rest of a hit.
        # (``_store`` is Django's own mapping of ``ResponseHeaders``: lower-case name to
        # (name, value).)
        response.headers._store = dict(headers)
        return response


def cached_page(request):
    """This page from the cache (a ``CachedPage``), or None when there is no copy."""
    digest = _url_digest(request)
    local = _local_page(digest)
    if local is not None:
        return CachedPage(local, fresh=True)
    page_key = _page_key(digest)
    guess = _seen_keys.get(digest, (SITE_KEY,))
    found = cache.get_many([page_key, *(purge_record_key(key) for key in guess)])
    stored = found.get(page_key)
    if stored is None:
        return None
    rendered_at, part = stored[RENDERED_AT], stored[PART]
    keys = (*stored[KEYS], *(part[PART_KEYS] if part else ()))
    unread = [purge_record_key(key) for key in keys if key not in guess]
    if unread:
        found.update(cache.get_many(unread))
    if len(_seen_keys) >= LOCAL_PAGES_MAX:
        _seen_keys.clear()
    _seen_keys[digest] = keys
    now = time.time()
    # Purge and render times come from the clocks of different app servers, which must be
    # kept in step (NTP, docs/deploy.md).
    fresh = _purged_at(found, stored[KEYS]) < rendered_at and now < rendered_at + stored[KEEP]
    part_fresh = part is None or (
        _purged_at(found, part[PART_KEYS]) < part[PART_MADE_AT]
        and now < part[PART_MADE_AT] + settings.PUBLIC_CACHE_SECONDS
    )
    if fresh and part_fresh:
        _keep_local_page(digest, stored)
    return CachedPage(stored, fresh and part_fresh, renewable=fresh and not part_fresh)


def renew_part(request, page):
    """``page`` (``renewable``) with its part as it is now, stored again: the page's own
    bytes are kept, the part's are replaced, and the headers that follow the bytes (ETag,
    Content-Length, the gzipped copy) made anew."""
    stored, part = page.stored, page.stored[PART]
    html, made_at = current_part(part[PART_NAME], part[PART_SPEC], part[PART_KEYS])
    renewed = (*part[:PART_MADE_AT], made_at, part[PART_HEAD], part[PART_TAIL])
    headers = {
        name: value
        for name, value in stored[HEADERS].values()
        if name.lower() not in ("etag", "content-length")
    }
    content = part[PART_HEAD] + html.encode() + part[PART_TAIL]
    packed = _pack(
        stored[RENDERED_AT], stored[KEYS], stored[STATUS], headers, content, stored[KEEP], renewed
    )
    _store(_page_key(_url_digest(request)), packed, {})
    return CachedPage(packed, fresh=True)


# Headers that belong to one answer, never to the stored page.
_UNSTORED_HEADERS = frozenset({"age", "x-page-cache", "x-request-id", "date"})


def pack_page(request, response):
    """The tuple ``store_page`` keeps: the finished response in both encodings."""
    headers = {
        name: value for name, value in response.items() if name.lower() not in _UNSTORED_HEADERS
    }
    return _pack(
        request._page_rendered_at,
        page_keys(request),
        response.status_code,
        headers,
        response.content,
        page_keep_seconds(request),
        _stored_part(request, response.content),
    )


def _pack(rendered_at, keys, status, headers, content, keep, part):
    plain = HttpResponse(content, status=status, headers=headers)
    if not plain.has_header("ETag"):
        # A HEAD request's answer has none yet (ConditionalGetMiddleware skips HEAD); the
        # GET requests served from this copy need it.
        set_response_etag(plain)
    plain.headers["Content-Length"] = str(len(plain.content))
    packed = HttpResponse(plain.content, status=plain.status_code, headers=dict(plain.items()))
    plain = _gzip.process_response(_NO_GZIP_REQUEST, plain)
    packed = _gzip.process_response(_GZIP_REQUEST, packed)
    gzipped = packed.get("Content-Encoding") == "gzip"
    return (
        rendered_at,
        keys,
        plain.status_code,
        dict(plain.headers._store),
        plain.content,
        dict(packed.headers._store) if gzipped else None,
        packed.content if gzipped else None,
        keep,
        part,
    )


def store_page(request, page):
    """Keep ``page`` (from ``pack_page``) for this URL, with what its listings showed."""
    listed = {
        f"public-pages:listed:{key}": article_ids
        for key, article_ids in getattr(request, "_listed", {}).items()
    }
    _store(_page_key(_url_digest(request)), page, listed)


def _store(page_key, page, also):
    # Kept past its time by the stale-while-revalidate window.
    cache.set_many({page_key: page, **also}, page[KEEP] + settings.PUBLIC_PAGE_STALE_SECONDS)


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
    """Render a public GET view for anonymous readers as a page for everyone, with
    CDN-friendly headers, for ``PageCacheMiddleware`` to store and serve (the lookup happens
    there, before the session, authentication and the rest of the middleware run)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        keep_page_parameters(request)
        if request.method not in ("GET", "HEAD") or not is_anonymous_request(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response

        # Rendered without loading the session: no Vary: Cookie, no Set-Cookie.
        request.user = AnonymousUser()
        request._page_rendered_at = time.time()
        response = _render(request, view, args, kwargs)
        if response.status_code == 200:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PUBLIC_CACHE_SECONDS,
                stale_while_revalidate=settings.PUBLIC_PAGE_STALE_SECONDS,
                stale_if_error=settings.PUBLIC_STALE_IF_ERROR_SECONDS,
            )
        # For the page cache middleware: an anonymous page, to store (when it read nothing
        # about its visitor) and to compress.
        request._public_page = True
        return response

    wrapper.public_page = True
    return wrapper


def is_public_page_view(func):
    """Whether a resolved view is wrapped by ``public_page`` (a function, or a class view
    whose ``dispatch`` is)."""
    if getattr(func, "public_page", False):
        return True
    view_class = getattr(func, "view_class", None)
    return bool(view_class and getattr(view_class.dispatch, "public_page", False))


def _render_turn_key(request):
    return f"public-page-render:{_url_digest(request)}"


def take_render_turn(request):
    """Whether this request is the one to render a stale page again (one at a time per page;
    the turn lapses after PUBLIC_PAGE_STALE_SECONDS should its holder never finish)."""
    return cache.add(_render_turn_key(request), 1, timeout=settings.PUBLIC_PAGE_STALE_SECONDS)


def end_render_turn(request):
    cache.delete(_render_turn_key(request))


class _EncodingOnly:
    """Just what ``GZipMiddleware.process_response`` reads of a request."""

    def __init__(self, accept_encoding):
        self.META = {"HTTP_ACCEPT_ENCODING": accept_encoding}


_NO_GZIP_REQUEST = _EncodingOnly("")
_GZIP_REQUEST = _EncodingOnly("gzip")

# Compresses when the client accepts gzip and the body is worth it; adds Vary: Accept-Encoding.
_gzip = GZipMiddleware(lambda request: None)


def compress(request, response):
    """``response`` gzipped when ``request`` accepts it and it is worth it."""
    return _gzip.process_response(request, response)
