"""Purges at the edge: the Varnish servers of ``VARNISH_PURGE_URLS`` drop every page carrying
one of the changed keys (``deploy/varnish/newsroom.vcl`` accepts the purge from the app
servers only).

``articles.invalidation`` calls ``purge`` once per committed transaction, after our own page
cache is purged, so the page Varnish fetches next is a fresh one. A Varnish that does not
answer is tried again a few times, briefly (a publish must not wait on it for long), and
then handed to a worker (``articles.tasks.purge_edge``), which retries with back-off.
"""

import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

logger = logging.getLogger(__name__)

ATTEMPTS = 3
# Seconds before the second and third attempt.
BACKOFF = (0.05, 0.2)


def purge(keys):
    """Send a purge of ``keys`` to every edge cache (none when ``VARNISH_PURGE_URLS`` is
    empty); the addresses of those that did not purge."""
    if not keys:
        return []
    return [url for url in settings.VARNISH_PURGE_URLS if not send_purge(url, sorted(keys))]


def send_purge(url, keys):
    """Ask the Varnish at ``url`` to purge ``keys``; whether it did."""
    if not url.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"VARNISH_PURGE_URLS takes http(s) addresses, not {url!r}.")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, method="PURGE", headers={"xkey-purge": " ".join(keys)}
    )
    for attempt in range(ATTEMPTS):
        if attempt:
            time.sleep(BACKOFF[attempt - 1])
        try:
            with urllib.request.urlopen(  # noqa: S310 - the scheme is checked above
                request, timeout=settings.VARNISH_PURGE_TIMEOUT
            ):
                return True
        except urllib.error.HTTPError as error:
            if error.code < 500:
                # Refused (not from an app server?) or not understood: asking again won't help.
                logger.error("The edge cache at %s refused a purge: %s", url, error)
                return False
            failure = error
        except OSError as error:  # connection refused, timeout, unreachable host
            failure = error
    logger.error("The edge cache at %s did not purge %s: %s", url, " ".join(keys), failure)
    return False
