"""Full-text search over the stored ``Article.search_vector`` (GIN-indexed).

Ranked with the title weighted over tags and summary, and those over the body; each result
carries its title and a short snippet of the body with the matched words marked.
"""

import html
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, Func, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article

MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"

# ts_headline marks matches with these; they cannot occur in a sanitised body or a title (the
# query is cleaned of control characters too), so a headline can be escaped as plain text
# first and the marks turned into <mark> elements after.
_START, _STOP = "\x02", "\x03"
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class QueryTooLong(ValueError):
    pass


def clean_query(raw):
    """The reader's query with control characters removed and spaces collapsed.

    Raises ``QueryTooLong`` past ``MAX_QUERY_LENGTH`` characters.
    """
    query = " ".join(_CONTROL_CHARACTERS.sub(" ", raw or "").split())
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryTooLong(f"Please shorten your search to {MAX_QUERY_LENGTH} characters or fewer.")
    return query


class StripTags(Func):
    """The body as plain text, so a snippet never cuts through an HTML tag."""

    function = "regexp_replace"

    def __init__(self, expression):
        super().__init__(expression, Value(r"<[^>]+>"), Value(" "), Value("g"))


def search_articles(query):
    """Public articles matching ``query`` (web-search syntax: "quotes", or, -minus), best first."""
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        Article.objects.published()
        .for_cards()
        .filter(search_vector=search_query)
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            # The whole title (HighlightAll), with every matched word marked.
            raw_title=SearchHeadline(
                "title",
                search_query,
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                highlight_all=True,
            ),
            raw_snippet=SearchHeadline(
                StripTags(F("body")),
                search_query,
                config=SEARCH_CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-published_at", "-id")
    )


def _marked(text):
    """Escape ``text`` and turn ts_headline's match markers into <mark> elements."""
    marked = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 - every character but our markers is escaped above


def snippet_html(raw_snippet):
    """A ts_headline snippet of the body as safe HTML, the matched words marked."""
    text = " ".join(html.unescape(raw_snippet or "").split())
    if text and text[-1] not in ".!?…":
        text += " …"  # ts_headline stops mid-sentence
    return _marked(text)


def title_html(raw_title, title):
    """The title as safe HTML with the matched words marked (a title is plain text, no
    entities to decode); the title itself when PostgreSQL gave no headline."""
    return _marked(raw_title if raw_title else title)
