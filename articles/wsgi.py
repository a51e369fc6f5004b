"""The page cache's WSGI layer: a fresh cached page answered before Django's handler.

``newsroom/wsgi.py`` wraps Django's WSGI application in ``PageCacheApplication``, so every
WSGI server of the site (gunicorn, ``runserver``, the benchmark and edge test servers) runs
it. For a request ``PageCacheMiddleware`` would answer from the cache with a fresh page, it
gives the same answer without Django's request handling: no request-started and -finished
signals, no handler or middleware chain, no ``HttpResponse``. It decides with the very
functions the middleware uses (``may_use_page_cache``, ``look_up``, ``CachedPage``), on a
``WSGIRequest`` of its own, so the key (scheme, validated host, path, kept query), the
anonymous check and the freshness rule are the middleware's.

Everything else goes to Django unchanged: other paths, signed-in readers, the messages
cookie, other methods, requests due an HTTPS redirect, a host Django refuses, misses, stale
pages and conditional requests (If-None-Match, If-Modified-Since: the middleware answers
them with ``ConditionalGetMiddleware``'s rules). A looked-up request is handed on with its
id and what the lookup found, so the middleware reads nothing twice.
"""

from http.client import responses

from django.core.exceptions import SuspiciousOperation
from django.core.handlers.wsgi import WSGIRequest

from articles.middleware import CONDITIONS, HANDED_ON, look_up, may_use_page_cache
from newsroom.logs import end_request_context


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
        if page is None or not page.fresh or CONDITIONS & environ.keys():
            environ[HANDED_ON] = (request.id, page)
            return self.application(environ, start_response)

        headers, body = page.encoded_for(environ)
        start_response(
            f"{page.status} {responses[page.status]}",
            [
                *headers.values(),
                ("Age", page.age()),
                ("X-Page-Cache", "hit"),
                ("X-Request-ID", request.id),
            ],
        )
        return [] if request.method == "HEAD" else [body]
