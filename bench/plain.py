"""The framework's floor: a plain Django view, beside which the page-cache hits are measured.

A Django project of its own, configured here: no apps, no middleware, one view that answers
``/<name>/`` with the bytes of ``<name>.html`` in ``BENCH_PLAIN_DIR``. bench/run.py writes
there the exact bytes a cache hit of the article and the home page sends (without gzip, as
wrk asks) and serves this with the same gunicorn settings as the site:

    gunicorn bench.plain:application

What a cached Newsroom page costs beyond this is the site's own: its middleware, the cache
lookup and the response it builds.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import Http404, HttpResponse
from django.urls import path

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=["127.0.0.1"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[],
        MIDDLEWARE=[],
        USE_TZ=True,
    )

BODIES = Path(os.environ.get("BENCH_PLAIN_DIR", "."))
_bodies = {}


def page(request, name):
    body = _bodies.get(name)
    if body is None:
        try:
            body = _bodies[name] = (BODIES / f"{name}.html").read_bytes()
        except FileNotFoundError as missing:
            raise Http404(name) from missing
    return HttpResponse(body)


urlpatterns = [path("<slug:name>/", page)]

application = get_wsgi_application()
