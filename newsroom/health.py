"""``/healthz``: tells a load balancer whether this app server can serve pages.

The database decides: without it nothing but already cached pages can be served, so the
answer is 503. Redis is only a cache: while it is down the site is slower but whole, so
the answer stays 200 and ``"cache": "down"`` tells monitoring (docs/deploy.md).
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from newsroom.cache import is_available

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    status = {
        "database": "ok",
        "cache": "ok" if is_available(cache) else "down",
    }
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        status["database"] = "unavailable"
        return JsonResponse(status, status=503)
    return JsonResponse(status)
