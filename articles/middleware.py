"""The page cache's front door: a cached anonymous page is answered here, before the session,
authentication, CSRF, messages, CSP, allauth and the staff middleware run.

Listed right after WhiteNoise (settings.MIDDLEWARE), so only the request id, the security
and policy headers, and WhiteNoise's static-file check run on a hit. What the middleware
further in adds to a page (``Content-Security-Policy``, ``X-Frame-Options``, ``ETag``,
``Content-Length``, ``Vary``) is stored with the body when the page is rendered, so a hit
carries the same headers as the miss that stored it. See ``articles/caching.py`` for what
is stored, when a page is stale and who renders it again.
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
            and routes_to_public_page(request)
        ):
            return self.finish(request, self.get_response(request), store=False)

        page = cached_page(request)
        if page is not None and page.fresh:
            response = page.response_for(request)
            response["Age"] = str(max(0, int(time.time() - page.rendered_at)))
            response = self.conditional.process_response(request, response)
            response["X-Page-Cache"] = "hit"
            return response
        if page is not None and not take_render_turn(request):
            # Another request is rendering this page again: hand out the previous copy, which
            # an edge cache must not keep.
            response = page.response_for(request)
            response["Cache-Control"] = "public, no-cache"
            response["X-Page-Cache"] = "stale"
            return response
        try:
            return self.finish(request, self.get_response(request), store=True)
        finally:
            if page is not None:
                end_render_turn(request)

    def finish(self, request, response, store):
        """A rendered response on its way out: an anonymous public page is stored when it
        read nothing about its visitor, and compressed for clients that take gzip."""
        if not getattr(request, "_public_page", False):
            return response
        if store and is_shareable(request, response):
            page = pack_page(request, response)
            store_page(request, page)
            response = CachedPage(page, fresh=True).response_for(request)
        else:
            # Anonymous pages reflect no secret (no CSRF token, no session), so compressing
            # them cannot leak one (BREACH). Signed-in pages are never marked.
            response = compress(request, response)
        response["X-Page-Cache"] = "miss"
        return response
