"""The framework's ceiling: a trivial view under the same server, settings and middleware.

It returns a constant HTML body as large as the article page (``BENCH_CEILING_BYTES``),
so the benchmark can state each page's throughput as a share of what Django itself can
serve on this machine. Mounted at /bench/ceiling/ only when ``BENCH_CEILING`` is on
(newsroom/urls.py); production never serves it.
"""

import os

from django.http import HttpResponse
from django.urls import path

SHELL = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Ceiling</title></head><body><main><p>{filler}</p></main></body></html>"
)


def constant_body(size):
    """An HTML page of exactly ``size`` bytes (or the bare shell when smaller)."""
    filler_length = max(0, size - len(SHELL.format(filler="")))
    words = ("lorem " * (filler_length // 6 + 1))[:filler_length]
    return SHELL.format(filler=words).encode()


BODY = constant_body(int(os.environ.get("BENCH_CEILING_BYTES", "30000")))


def ceiling(request):
    return HttpResponse(BODY)


urlpatterns = [path("ceiling/", ceiling, name="bench-ceiling")]
