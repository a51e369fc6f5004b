"""Counting reads for Top News without slowing or un-caching the article page.

The article page stays a cached, cookie-free document; a tiny script (static/js/read-beacon.js)
POSTs to ``/read/<pk>/`` once the page is shown. That request adds one to the article's
counter for today with a single upsert, after skipping obvious bots and a reader who already
counted for this article in the current ``REPEAT_WINDOW_SECONDS`` window.
"""

import hashlib
import re

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.models import Article
from readership.models import DailyReads

REPEAT_WINDOW_SECONDS = 30 * 60

BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|preview|fetch|monitor|scan|headless|lighthouse|python|curl|wget|"
    r"httpclient|java/|go-http|okhttp|facebookexternalhit|embedly|quora link|whatsapp",
    re.IGNORECASE,
)


def is_bot(user_agent):
    """Crawlers, link previews, scripts and headless browsers do not count as readers."""
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


def visitor_key(request, article_id):
    """A hashed, short-lived identity of one reader for one article in the current window
    (no raw IP is stored).

    The window's number is part of the key, so whether a read counts depends only on the
    clock, not on when the cache backend gets round to expiring the key.
    """
    window = int(timezone.now().timestamp() // REPEAT_WINDOW_SECONDS)
    fingerprint = "|".join(
        [
            request.META.get("REMOTE_ADDR", ""),
            request.headers.get("user-agent", ""),
            str(article_id),
            str(window),
        ]
    )
    return "read:" + hashlib.sha256(fingerprint.encode()).hexdigest()


def count_read(article_id, day=None):
    """Add one read of a public article for ``day`` (an upsert: one statement, no race).

    Which articles are public comes from ``Article.objects.published()``, compiled into the
    statement. Returns whether a row was written (False for an article that is not public).
    """
    day = day or timezone.localdate()
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
            INSERT INTO {reads_table} (article_id, day, count)
            SELECT public_article.id, %s, 1 FROM ({public}) AS public_article
            ON CONFLICT (article_id, day) DO UPDATE SET count = {reads_table}.count + 1
            """,  # noqa: S608 - the table name and subquery come from our models; values are parameters
            [day, *params],
        )
        return cursor.rowcount == 1


def is_possible_article_id(pk):
    """Whether ``pk`` fits the article id column (the URL accepts any number of digits)."""
    low, high = connection.ops.integer_field_range(Article._meta.pk.get_internal_type())
    return low <= pk <= high


@csrf_exempt
@require_POST
def read_beacon(request, pk):
    """The read beacon: 204 for any id an article could have, so it never tells a script
    what was counted; 404 for an id beyond the range of article ids."""
    if not is_possible_article_id(pk):
        raise Http404("No article has this id.")
    if not is_bot(request.headers.get("user-agent", "")) and cache.add(
        visitor_key(request, pk), 1, REPEAT_WINDOW_SECONDS
    ):
        count_read(pk)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response
