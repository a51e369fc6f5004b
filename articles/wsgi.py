"""The page cache's WSGI layer: a fresh cached page answered before Django's handler.

``newsroom/wsgi.py`` wraps Django's WSGI application in ``PageCacheApplication``, so every
WSGI server of the site (gunicorn, ``runserver``, the benchmark and edge test servers) runs
it. For a request ``PageCacheMiddleware`` would answer from the cache with a fresh page, it
gives the same answer without Django's request handling: no request-started and -finished
signals, no handler or middleware chain, no ``HttpResponse``. It decides with the very
functions the middleware uses (``may_use_page_cache``, ``look_up``, ``CachedPage``), on a
``WSGIRequest`` of its own, so the key (scheme, validated host, path, kept query), the
anonymous check and the freshness rule are the middleware's.

A page whose part (the sidebars) alone is out of date is sent as it is and renewed after
the answer has gone out (``RenewAfterwards``), by one request at a time.

Everything else goes to Django unchanged: other paths, signed-in readers, the messages
cookie, other methods, requests due an HTTPS redirect, a host Django refuses, misses, stale
pages and conditional requests (If-None-Match, If-Modified-Since: the middleware answers
them with ``ConditionalGetMiddleware``'s rules). A looked-up request is handed on with its
id and what the lookup found, so the middleware reads nothing twice.
"""

import logging
from http.client import responses

from django.core.exceptions import SuspiciousOperation
from django.core.handlers.wsgi import WSGIRequest
from django.db import close_old_connections

from articles.caching import end_render_turn, renew_part, take_render_turn
from articles.middleware import CONDITIONS, HANDED_ON, look_up, may_use_page_cache
from newsroom.logs import end_request_context
from newsroom.routers import reads_from_replica

logger = logging.getLogger(__name__)


class PageCacheApplication:
    """Wrap a WSGI application (Django's) and answer fresh page-cache hits in front of it."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        # Django's own request object, over a copy of the environ: building one rewrites
        # PATH_INFO, and Django builds its own from the original when the request goes on.
        request = WSGIRequest(environ.copy())
        if not may_use_page_cache(request):
            return self.application(environ, start_response)
        try:
            page = look_up(request)
        except SuspiciousOperation:
            # A host Django refuses, too many query fields: Django answers them (400) and
            # logs them as security events.
            refused = True
        else:
            refused = False
        finally:
            # What the lookup logged carries the request's id; a hit logs nothing after it,
            # and on the way on the middleware sets the same context again.
            end_request_context()
        if refused:
            return self.application(environ, start_response)
        conditional = CONDITIONS & environ.keys()
        if page is not None and page.renewable and not conditional and take_render_turn(request):
            # Only its part (the sidebars) is out of date: the previous copy goes out now,
            # and the part is put in place once it has been sent, so no reader waits for
            # the sidebars to be made (about 20 ms every PUBLIC_CACHE_SECONDS, or after a
            # publish). Until then other requests get the previous copy from the middleware.
            body = self.answer(request, page, start_response, "stale")
            return RenewAfterwards(body, request, page)
        if page is None or not page.fresh or conditional:
            environ[HANDED_ON] = (request.id, page)
            return self.application(environ, start_response)
        return self.answer(request, page, start_response, "hit")

    @staticmethod
    def answer(request, page, start_response, status):
        """Start the response with the stored page; a previous copy ("stale") must not be
        kept by an edge cache."""
        headers, body = page.encoded_for(request.environ)
        if status == "stale":
            headers = {**headers, "cache-control": ("Cache-Control", "public, no-cache")}
        start_response(
            f"{page.status} {responses[page.status]}",
            [
                *headers.values(),
                ("Age", page.age()),
                ("X-Page-Cache", status),
                ("X-Request-ID", request.id),
            ],
        )
        return [] if request.method == "HEAD" else [body]


class RenewAfterwards:
    """A response body that, once the server has sent it and closes it (PEP 3333), puts
    the page's current part in place (``renew_part``) and gives the render turn back.

    That work runs outside Django's request handling, so it ends as a request does: with
    the database connections past ``CONN_MAX_AGE`` or broken closed."""

    def __init__(self, body, request, page):
        self.body, self.request, self.page = body, request, page

    def __iter__(self):
        return iter(self.body)

    def close(self):
        try:
            with reads_from_replica():
                renew_part(self.request, self.page)
        except Exception:
            # The reader has the page already; the next request tries again.
            logger.exception("Renewing the sidebars of %s failed", self.request.path)
        finally:
            end_render_turn(self.request)
            close_old_connections()
