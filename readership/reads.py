"""Counting reads for Top News without slowing or un-caching the article page.

The article page stays a cached, cookie-free document; a tiny script (static/js/read-beacon.js)
POSTs to ``/read/<pk>/`` once the page is shown. That request adds to the article's figures
for today with a single upsert, unless it is a bot or a repeat. A script must not be able to
buy Top News, so the rules key on the client's address (``newsroom.network.client_ip``),
never on anything the client chooses such as its user agent:

- one address counts once per article per ``READ_REPEAT_WINDOW_SECONDS`` window;
- one address adds at most ``READS_PER_ADDRESS_PER_DAY`` reads to one article a day, and
  one /24 or /64 network at most ``READS_PER_NETWORK_PER_DAY``;
- the first counted read of an address on a day also adds one to ``readers``, which is what
  Top News ranks by;
- the beacon itself is throttled per address (``THROTTLE_RATES["read"]``).

Only keyed hashes of addresses reach the cache, with lifetimes of at most two days; the database
stores counts only.
"""

import hashlib
import hmac
import re

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article
from newsroom.cache import CacheUnavailable
from newsroom.network import client_ip, network_of
from newsroom.throttle import throttle
from readership.models import DailyReads

DAY_SECONDS = 24 * 60 * 60

BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|preview|fetch|monitor|scan|headless|lighthouse|python|curl|wget|"
    r"httpclient|java/|go-http|okhttp|facebookexternalhit|embedly|quora link|whatsapp",
    re.IGNORECASE,
)


def is_bot(user_agent):
    """Crawlers, link previews, scripts and headless browsers do not count as readers."""
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


def _hashed(*parts):
    # Keyed: the IPv4 space is small enough to reverse a plain hash of an address.
    message = "|".join(str(part) for part in parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _within_daily_cap(key, cap):
    """Count one more against ``key``'s daily cap; whether the cap still allowed it."""
    cache.add(key, 0, timeout=2 * DAY_SECONDS)
    try:
        used = cache.incr(key)
    except CacheUnavailable:
        # Nothing can be counted while Redis is down: count no reads rather than every one.
        return False
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=2 * DAY_SECONDS)
        used = 1
    return used <= cap


def register_read(address, article_id):
    """Apply the counting rules to one beacon from ``address``; count it if they allow.

    Returns whether a read was counted.
    """
    now = timezone.now()
    day = timezone.localdate(now)
    window = int(now.timestamp() // settings.READ_REPEAT_WINDOW_SECONDS)
    # The window's number is part of the key, so whether a read counts depends only on the
    # clock, not on when the cache backend gets round to expiring the key.
    repeat_key = "read:seen:" + _hashed(address, article_id, window)
    if not cache.add(repeat_key, 1, settings.READ_REPEAT_WINDOW_SECONDS):
        return False
    if not _within_daily_cap(
        "read:address:" + _hashed(address, article_id, day), settings.READS_PER_ADDRESS_PER_DAY
    ) or not _within_daily_cap(
        "read:network:" + _hashed(network_of(address), article_id, day),
        settings.READS_PER_NETWORK_PER_DAY,
    ):
        return False
    new_reader = cache.add("read:reader:" + _hashed(address, article_id, day), 1, 2 * DAY_SECONDS)
    return count_read(article_id, day, new_reader=new_reader)


def count_read(article_id, day=None, new_reader=True):
    """Add one read (and one reader if ``new_reader``) of a public article for ``day``.

    One upsert: a single statement, no race. Which articles are public comes from
    ``Article.objects.published()``, compiled into the statement. Returns whether a row was
    written (False for an article that is not public).
    """
    day = day or timezone.localdate()
    readers = 1 if new_reader else 0
    try:
        public, params = (
            Article.objects.published()
            .filter(pk=article_id)
            .order_by()
            .values("id")
            .query.sql_with_params()
        )
    except EmptyResultSet:  # an id beyond the column's range: no article has it
        return False
    reads_table = DailyReads._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {reads_table} (article_id, day, count, readers)
            SELECT public_article.id, %s, 1, %s FROM ({public}) AS public_article
            ON CONFLICT (article_id, day) DO UPDATE
            SET count = {reads_table}.count + 1, readers = {reads_table}.readers + EXCLUDED.readers
            """,  # noqa: S608 - the table name and subquery come from our models; values are parameters
            [day, readers, *params],
        )
        return cursor.rowcount == 1


def is_possible_article_id(pk):
    """Whether ``pk`` fits the article id column (the URL accepts any number of digits)."""
    low, high = connection.ops.integer_field_range(Article._meta.pk.get_internal_type())
    return low <= pk <= high


@csrf_exempt
@require_POST
@throttle("read", page=False)
def read_beacon(request, pk):
    """The read beacon: 204 for any id an article could have (429 past the throttle), so it
    never tells a script what was counted; 404 for an id beyond the range of article ids."""
    if not is_possible_article_id(pk):
        raise Http404("No article has this id.")
    if not is_bot(request.headers.get("user-agent", "")):
        register_read(client_ip(request), pk)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response
