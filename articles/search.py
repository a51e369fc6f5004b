"""Full-text search over the stored ``Article.search_vector`` (GIN-indexed).

Articles match on every word they hold, body included, and on the author's name; accents
are folded on both sides ("cafe" finds "café": the ``newsroom`` text search configuration).
They rank by the small ``rank_vector``: a match in the title above one in the tags, summary
or byline, those above a match
only in the body, and newest first among equals. Each result carries its title and a short
snippet of the body with the matched words marked. A page of results costs a few
milliseconds at 100,000 articles for a query matching thousands of them, and tens of
milliseconds for one matching most of the archive (docs/performance.md).

When nothing matches, ``suggest`` offers the query with each unknown word replaced by the
closest word of the archive's vocabulary (``SearchTerm``, trigram similarity): "Did you
mean …".
"""

import html
import re
from contextlib import contextmanager

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections, router, transaction
from django.db.models import F, Func, Value
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.models import SEARCH_CONFIG, Article, SearchTerm
from articles.pagination import DeferredJoinPaginator

MAX_QUERY_LENGTH = 200
# Results are counted, and can be paged through, up to this many; past it the page says
# "more than 1,000". Counting every match of a word found in most of the archive costs
# more than the page itself, and nobody reads the hundred-and-first page of results.
MAX_RESULTS = 1000

# ts_headline marks matches with these; they cannot occur in a sanitised body or a title (the
# query is cleaned of control characters too), so a headline can be escaped as plain text
# first and the marks turned into <mark> elements after.
_START, _STOP = "\x02", "\x03"
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# The words a suggestion may replace: letters only, as the vocabulary holds them.
_WORD = re.compile(r"[^\W\d_]{3,40}")
# Web-search syntax, not a word to correct.
_OPERATORS = frozenset({"or"})

# Every word of public articles' text (public at the time given: PostgreSQL's now() is the
# start of the transaction), lowercased but not stemmed, as a suggestion is shown and
# searched as typed; tags, entities and words with digits are left out. All public articles,
# or the one whose id is given.
_LEARN_WORDS = r"""
    INSERT INTO articles_searchterm (word, articles)
    SELECT lexeme, count(*)
    FROM articles_article AS article,
         unnest(tsvector_to_array(to_tsvector('simple',
             article.title || ' ' || article.dek || ' ' || article.tag_names || ' '
             || article.author_name || ' '
             || regexp_replace(article.body, '<[^>]+>|&[#[:alnum:]]+;', ' ', 'g')))) AS lexeme
    WHERE article.status = 'published' AND article.published_at <= %(now)s
        AND (%(article)s::bigint IS NULL OR article.id = %(article)s)
        AND lexeme ~ '^[[:alpha:]]+$' AND length(lexeme) BETWEEN 3 AND 40
    GROUP BY lexeme
    ON CONFLICT (word) DO UPDATE SET articles = articles_searchterm.articles + EXCLUDED.articles
"""
# For each query word, the closest vocabulary word (itself when it is known): the trigram
# index finds the candidates (``%``: similarity of at least 0.3), the nearest wins, the
# commoner of two equally near.
_CLOSEST_WORDS = """
    SELECT (
        SELECT term.word FROM articles_searchterm AS term
        WHERE term.word %% typed.word
        ORDER BY term.word <-> typed.word, term.articles DESC, term.word
        LIMIT 1
    )
    FROM unnest(%s::text[]) WITH ORDINALITY AS typed(word, position)
    ORDER BY typed.position
"""


class QueryTooLong(ValueError):
    pass


def clean_query(raw):
    """The reader's query with control characters removed and spaces collapsed.

    Raises ``QueryTooLong`` past ``MAX_QUERY_LENGTH`` characters.
    """
    query = " ".join(_CONTROL_CHARACTERS.sub(" ", raw or "").split())
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryTooLong(
            _("Please shorten your search to %(limit)d characters or fewer.")
            % {"limit": MAX_QUERY_LENGTH}
        )
    return query


def learn_words(article):
    """Add the words of ``article``, once it is public, to the vocabulary suggestions use."""
    using = router.db_for_write(SearchTerm)
    with connections[using].cursor() as cursor:
        cursor.execute(_LEARN_WORDS, {"now": timezone.now(), "article": article.pk})


def rebuild_vocabulary(using=None):
    """Recount the vocabulary from every public article; words no longer used drop out."""
    using = using or router.db_for_write(SearchTerm)
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("DELETE FROM articles_searchterm")
        cursor.execute(_LEARN_WORDS, {"now": timezone.now(), "article": None})
        cursor.execute("SELECT count(*) FROM articles_searchterm")
        return cursor.fetchone()[0]


def suggest(query):
    """``query`` with each unknown word replaced by the closest known one, or "" when no word
    needs replacing (or none is close enough). One query."""
    typed = [word.lower() for word in _WORD.findall(query) if word.lower() not in _OPERATORS]
    if not typed:
        return ""
    with connections[router.db_for_read(SearchTerm)].cursor() as cursor:
        cursor.execute(_CLOSEST_WORDS, [typed])
        closest = dict(zip(typed, (row[0] for row in cursor.fetchall()), strict=True))
    if all(closest[word] in (None, word) for word in typed):
        return ""

    def replace(match):
        word = match.group(0)
        return closest.get(word.lower()) or word

    return _WORD.sub(replace, query)


class StripTags(Func):
    """The body as plain text, so a snippet never cuts through an HTML tag."""

    function = "regexp_replace"

    def __init__(self, expression):
        super().__init__(expression, Value(r"<[^>]+>"), Value(" "), Value("g"))


def _search_query(query):
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def matching_articles(query):
    """Public articles matching ``query`` (web-search syntax: "quotes", or, -minus)."""
    return Article.objects.published().filter(search_vector=_search_query(query))


def search_articles(query):
    """``matching_articles``, best first, each with its highlighted title and snippet."""
    search_query = _search_query(query)
    return (
        matching_articles(query)
        .for_cards()
        .annotate(
            rank=SearchRank(F("rank_vector"), search_query),
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


class SearchPaginator(DeferredJoinPaginator):
    """Pages of ``search_articles(query)``, counted up to ``MAX_RESULTS``.

    The page's ids are ranked first, on the article rows alone, and only those ten rows
    are joined and get their headlines (``DeferredJoinPaginator``). The count runs on the
    bare match and stops at the cap, so a word found in most of the archive costs a bounded
    count. ``more_than_counted`` tells whether there were more.
    """

    def __init__(self, query, per_page):
        self.query = query
        self.max_results = MAX_RESULTS
        super().__init__(search_articles(query), per_page)

    @cached_property
    def _capped_count(self):
        return matching_articles(self.query).order_by()[: self.max_results + 1].count()

    @cached_property
    def count(self):
        return min(self._capped_count, self.max_results)

    @property
    def more_than_counted(self):
        return self._capped_count > self.max_results


@contextmanager
def index_search_plan():
    """Within this block, searches read matches through the GIN index, never a full scan.

    PostgreSQL does not price reading a whole-body ``tsvector`` out of TOAST storage, so for
    a word in many articles it estimates a sequential scan cheaper than the index; that
    scan checks every article's vector and takes several times as long (0.3 s against
    0.04 s for a word in three articles of four at 100,000). ``SET LOCAL`` lasts until the
    end of this transaction only, so no other query is affected, with or without a
    connection pooler.
    """
    alias = router.db_for_read(Article)
    connection = connections[alias]
    # In a transaction already (ATOMIC_REQUESTS, a test): the setting is put back by hand at
    # the end, since that transaction goes on. No savepoint: the caller keeps everything
    # but database reads out of this block (the view raises its 404 after it).
    outer_transaction = connection.in_atomic_block
    with transaction.atomic(using=alias, savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield
        if outer_transaction:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")


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
