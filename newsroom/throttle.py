"""Per-client limits on the public endpoints that cost us work: search and the read beacon.

Limits are settings in allauth's rate notation ("30/m": thirty requests a minute) and are
counted in the cache (Redis in production, shared by every app server), like allauth's
login limits. A counter per client address (IPv6 per /64, as allauth does) and fixed
window: one atomic increment per request. Over the limit the client gets 429 with
``Retry-After`` saying when the window ends.
"""

import hashlib
import hmac
import math
import time
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.shortcuts import render

from newsroom.network import client_ip, network_of

DURATIONS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int

    @classmethod
    def parse(cls, text):
        """``"30/m"``, ``"600/h"``, ``"5/10s"`` → a Rate; a clear error for anything else."""
        try:
            amount, duration = text.strip().split("/")
            unit = duration[-1]
            multiple = int(duration[:-1] or 1)
            rate = cls(int(amount), multiple * DURATIONS[unit])
        except (ValueError, KeyError, IndexError) as error:
            raise ImproperlyConfigured(
                f"{text!r} is not a rate. Write requests/period, e.g. '30/m' or '600/h' "
                "(periods: s, m, h, d, optionally with a number: '5/10s')."
            ) from error
        if rate.amount < 1 or rate.seconds < 1:
            raise ImproperlyConfigured(f"{text!r}: a rate needs at least one request per period.")
        return rate


def _client_bucket(request):
    address = client_ip(request)
    # An IPv6 client owns its whole /64; counting per address would let it rotate freely.
    bucket = network_of(address) if ":" in address else address
    # Keyed hash: no readable address in the cache.
    return hmac.new(settings.SECRET_KEY.encode(), bucket.encode(), hashlib.sha256).hexdigest()


def consume(request, scope):
    """Count one request of this client against ``THROTTLE_RATES[scope]``.

    Returns 0 when the request may go ahead, otherwise the seconds until it may retry.
    """
    rate = Rate.parse(settings.THROTTLE_RATES[scope])
    now = time.time()
    window = int(now // rate.seconds)
    key = f"throttle:{scope}:{_client_bucket(request)}:{window}"
    # add() then incr(): atomic in Redis, so concurrent app servers cannot both slip through.
    cache.add(key, 0, timeout=rate.seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this is the first request of a window.
        cache.set(key, 1, timeout=rate.seconds + 1)
        used = 1
    if used <= rate.amount:
        return 0
    return max(1, math.ceil((window + 1) * rate.seconds - now))


def too_many_requests(request, retry_after, page=True):
    if page:
        response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    else:
        response = HttpResponse(status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def throttle(scope, page=True):
    """Answer 429 to a client over the ``scope`` limit instead of running the view.

    Put it inside ``public_page`` so a page served from the page cache costs nothing and
    is not counted; only the requests that reach the view are. ``page=False`` answers with
    an empty body (for scripts such as the read beacon, which nobody reads).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            retry_after = consume(request, scope)
            if retry_after:
                return too_many_requests(request, retry_after, page=page)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
