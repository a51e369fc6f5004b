"""The page cache's front door: a cached anonymous page is answered here, before any other
middleware runs (session, authentication, CSRF, messages, CSP, allauth, the staff rules).

Listed first in settings.MIDDLEWARE. What the others add to a page on its way out (the
security and policy headers, ``Content-Security-Policy``, ``X-Frame-Options``, ``ETag``,
``Content-Length``, ``Vary``) is stored with the body when the page is rendered, so a hit
carries the same headers as the miss that stored it, and a fresh ``X-Request-ID``. A
request the security middleware would redirect to HTTPS is never answered here. See
``articles/caching.py`` for what is stored, when a page is stale and who renders it again.

Behind a WSGI server, ``articles.wsgi.PageCacheApplication`` answers fresh hits before
Django's handler with the same functions (``may_use_page_cache``, ``look_up``); what it
hands on arrives here with its lookup, so the page is not read twice. Requests that reach
Django another way (ASGI, the test client, a live test server) are answered here alone.
"""

from django.conf import settings
from django.middleware.http import ConditionalGetMiddleware
from django.urls import Resolver404, resolve

from articles.caching import (
    CachedPage,
    cached_page,
    compress,
    end_render_turn,
    is_anonymous_request,
    is_public_page_view,
    is_shareable,
    pack_page,
    renew_part,
    store_page,
    take_render_turn,
)
from newsroom.logs import start_request_context
from newsroom.middleware import request_id
from newsroom.network import client_ip
from newsroom.routers import reads_from_replica

# A request with either header may be answered 304 Not Modified.
CONDITIONS = frozenset({"HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"})

# The WSGI environ key under which ``articles.wsgi`` hands on a request it looked up: its
# id and the page found (or None). Only the server sets environ keys without ``HTTP_``, so a
# client cannot send one.
HANDED_ON = "newsroom.page_cache.handed_on"

# Whether each path (per URL map) leads to a ``public_page`` view, so that the login page,
# the health check and the like cost no cache lookup. Bounded: a flood of made-up paths
# only empties it.
_routes = {}
ROUTES_MAX = 2000


def routes_to_public_page(request):
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    path = request.path_info
    known = _routes.get((urlconf, path))
    if known is None:
        try:
            known = is_public_page_view(resolve(path, urlconf).func)
        except Resolver404:
            known = False
        if len(_routes) >= ROUTES_MAX:
            _routes.clear()
        _routes[(urlconf, path)] = known
    return known


def may_use_page_cache(request):
    """Whether ``request`` may be answered from the page cache, and its page stored: the cache
    is on, an anonymous GET or HEAD (no signed-in marker, no messages cookie), no HTTPS
    redirect due, and the path leads to a ``public_page`` view."""
    return (
        settings.PUBLIC_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and is_anonymous_request(request)
        and not (settings.SECURE_SSL_REDIRECT and not request.is_secure())
        and routes_to_public_page(request)
    )


def look_up(request):
    """Give ``request`` its id and the logs their context, and return its ``CachedPage`` (or
    None): the ones the WSGI layer found when it handed the request on, else new ones.

    The id is given here since a hit skips the middleware that gives it (which keeps this
    one on a miss).
    """
    handed_on = request.META.get(HANDED_ON)
    if handed_on is None:
        request.id = request_id(request)
    else:
        request.id, page = handed_on
    start_request_context(request.id, client_ip(request))
    return cached_page(request) if handed_on is None else page


class PageCacheMiddleware:
    """Serve anonymous GET and HEAD requests for public pages from the page cache, and store
    the finished responses of ``public_page`` views for them."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Answers If-None-Match on a hit as ConditionalGetMiddleware does on a miss.
        self.conditional = ConditionalGetMiddleware(get_response)

    def __call__(self, request):
        if not may_use_page_cache(request):
            return self.finish(request, self.get_response(request), store=False)

        page = look_up(request)
        status = "hit"
        if page is not None and page.renewable:
            # Only its part (the sidebars) changed: the page takes the new one, unrendered,
            # by one request at a time, as a page is rendered again (below).
            if not take_render_turn(request):
                return self.previous_copy(request, page)
            try:
                with reads_from_replica():
                    page = renew_part(request, page)
            finally:
                end_render_turn(request)
            status = "renewed"
        if page is not None and page.fresh:
            response = page.response_for(request)
            response["Age"] = page.age()
            if CONDITIONS & request.META.keys():
                response = self.conditional.process_response(request, response)
            return self.answer(request, response, status)
        if page is not None and not take_render_turn(request):
            return self.previous_copy(request, page)
        try:
            return self.finish(request, self.get_response(request), store=True)
        finally:
            if page is not None:
                end_render_turn(request)

    def previous_copy(self, request, page):
        """Another request is rendering this page (or its part) again: hand out the previous
        copy, which an edge cache must not keep."""
        response = page.response_for(request)
        response["Cache-Control"] = "public, no-cache"
        return self.answer(request, response, "stale")

    @staticmethod
    def answer(request, response, status):
        """A response from the cache, with this request's id."""
        response["X-Page-Cache"] = status
        response["X-Request-ID"] = request.id
        return response

    def finish(self, request, response, store):
        """A rendered response on its way out: an anonymous public page is stored when it
        read nothing about its visitor, and compressed for clients that take gzip."""
        if not getattr(request, "_public_page", False):
            return response
        if store and is_shareable(request, response):
            page = pack_page(request, response)
            store_page(request, page)
            rendered, response = response, CachedPage(page, fresh=True).response_for(request)
            if "X-Request-ID" in rendered:
                response["X-Request-ID"] = rendered["X-Request-ID"]
        else:
            # Anonymous pages reflect no secret (no CSRF token, no session), so compressing
            # them cannot leak one (BREACH). Signed-in pages are never marked.
            response = compress(request, response)
        response["X-Page-Cache"] = "miss"
        return response
