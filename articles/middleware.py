"""The page cache's front door: a cached anonymous page is answered here, before any other
middleware runs (session, authentication, CSRF, messages, CSP, allauth, the staff rules).

Listed first in settings.MIDDLEWARE. What the others add to a page on its way out (the
security and policy headers, ``Content-Security-Policy``, ``X-Frame-Options``, ``ETag``,
``Content-Length``, ``Vary``) is stored with the body when the page is rendered, so a hit
carries the same headers as the miss that stored it, and a fresh ``X-Request-ID``. A
request the security middleware would redirect to HTTPS is never answered here. See
``articles/caching.py`` for what is stored, when a page is stale and who renders it again.
"""

import time

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
    store_page,
    take_render_turn,
)
from newsroom.logs import start_request_context
from newsroom.middleware import request_id
from newsroom.network import client_ip

# A request with either header may be answered 304 Not Modified.
CONDITIONS = frozenset({"HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"})

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


class PageCacheMiddleware:
    """Serve anonymous GET and HEAD requests for public pages from the page cache, and store
    the finished responses of ``public_page`` views for them."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Answers If-None-Match on a hit as ConditionalGetMiddleware does on a miss.
        self.conditional = ConditionalGetMiddleware(get_response)

    def __call__(self, request):
        if not (
            settings.PUBLIC_PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and is_anonymous_request(request)
            and not (settings.SECURE_SSL_REDIRECT and not request.is_secure())
            and routes_to_public_page(request)
        ):
            return self.finish(request, self.get_response(request), store=False)

        # The request id of the logs and of X-Request-ID, given here since a hit skips the
        # middleware that gives it (which keeps this one on a miss).
        request.id = request_id(request)
        start_request_context(request.id, client_ip(request))
        page = cached_page(request)
        if page is not None and page.fresh:
            response = page.response_for(request)
            response["Age"] = str(max(0, int(time.time() - page.rendered_at)))
            if CONDITIONS & request.META.keys():
                response = self.conditional.process_response(request, response)
            return self.answer(request, response, "hit")
        if page is not None and not take_render_turn(request):
            # Another request is rendering this page again: hand out the previous copy, which
            # an edge cache must not keep.
            response = page.response_for(request)
            response["Cache-Control"] = "public, no-cache"
            return self.answer(request, response, "stale")
        try:
            return self.finish(request, self.get_response(request), store=True)
        finally:
            if page is not None:
                end_render_turn(request)

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
