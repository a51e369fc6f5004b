"""/search/?q=: ranked, highlighted, paginated, and friendly with any input."""

import pytest

from tests.factories import ArticleFactory
from tests.site.html_checks import page_problems

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    return response, response.content.decode()


def results_of(html):
    return html.split('class="card-list card-list--listing"')[1].split("</ul>")[0]


def test_finds_published_articles_by_body_text(client):
    ArticleFactory(published=True, title="Council news", body="<p>The lighthouse reopens.</p>")
    ArticleFactory(published=True, title="Other news", body="<p>Nothing relevant.</p>")
    response, html = search(client, "lighthouse")
    assert response.status_code == 200
    assert "Council news" in results_of(html) and "Other news" not in results_of(html)
    assert "1 article matched" in html


def test_finds_articles_by_tag(client):
    ArticleFactory(published=True, title="Tagged one", body="<p>Plain.</p>", tags=["Seagrass"])
    _, html = search(client, "seagrass")
    assert "Tagged one" in results_of(html)


def test_leaves_out_drafts_and_scheduled_articles(client):
    from datetime import timedelta

    from django.utils import timezone

    ArticleFactory(title="Draft lighthouse", body="<p>lighthouse</p>")
    ArticleFactory(
        published=True,
        title="Scheduled lighthouse",
        body="<p>lighthouse</p>",
        published_at=timezone.now() + timedelta(hours=1),
    )
    _, html = search(client, "lighthouse")
    assert "No articles matched" in html
    assert "Draft lighthouse" not in html and "Scheduled lighthouse" not in html


def test_a_match_in_the_title_ranks_above_a_match_in_the_body(client):
    ArticleFactory(published=True, title="Ferry timetable changes", body="<p>Buses run late.</p>")
    ArticleFactory(
        published=True,
        title="Island towns",
        body="<p>The ferry leaves at noon from the ferry quay.</p>",
    )
    _, html = search(client, "ferry")
    results = results_of(html)
    assert results.index("timetable changes") < results.index("Island towns")


def test_title_ranks_above_tags_and_summary_which_rank_above_the_body(client):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    # Oldest first, so that recency alone would give the opposite order.
    ArticleFactory(published=True, title="Ferry plan", published_at=now - timedelta(days=3))
    ArticleFactory(
        published=True,
        title="Timetables",
        dek="A new ferry timetable.",
        published_at=now - timedelta(days=2),
    )
    ArticleFactory(
        published=True,
        title="Quay works",
        body="<p>ferry ferry ferry ferry</p>",
        published_at=now - timedelta(days=1),
    )
    ArticleFactory(published=True, title="Crossings", body="<p>A ferry.</p>", published_at=now)
    _, html = search(client, "ferry")
    results = results_of(html)
    order = [results.index(title) for title in ("</mark> plan", "Timetables", "Crossings")]
    assert order == sorted(order)
    # Among matches in the body only, the newest comes first, however often the word occurs.
    assert results.index("Crossings") < results.index("Quay works")


def test_a_search_matching_more_than_the_counted_results_says_so(client, monkeypatch):
    monkeypatch.setattr("articles.search.MAX_RESULTS", 3)
    for number in range(5):
        ArticleFactory(published=True, title=f"Harbour story {number}", body="<p>harbour</p>")
    _, html = search(client, "harbour")
    assert "More than 3 articles matched <strong>harbour</strong>; here are the best 3." in html
    assert results_of(html).count('class="card__title"') == 3
    _, one = search(client, "harbour story 4")
    assert "1 article matched" in one


def test_search_reads_through_the_index_and_leaves_the_connection_as_it_was(client):
    from django.db import connection

    from articles.search import index_search_plan

    def seqscan():
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            return cursor.fetchone()[0]

    with index_search_plan():
        assert seqscan() == "off"
    assert seqscan() == "on"
    ArticleFactory(published=True, title="Harbour", body="<p>harbour</p>")
    search(client, "harbour")
    assert seqscan() == "on"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_migrated_data")
def test_search_in_its_own_transaction_finds_and_leaves_the_setting_alone(client):
    """As in production: no transaction is open when the search starts."""
    from django.db import connection

    ArticleFactory(published=True, title="Harbour works", body="<p>harbour</p>")
    response, html = search(client, "harbour")
    assert response.status_code == 200
    assert "1 article matched" in html
    assert not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


def test_snippet_marks_the_matched_words(client):
    ArticleFactory(
        published=True,
        title="Quay",
        body="<p>Work on the <strong>breakwater</strong> starts soon.</p>",
    )
    _, html = search(client, "breakwater")
    assert '<p class="card__snippet">' in html
    assert "<mark>breakwater</mark>" in html
    assert "<strong>" not in results_of(html)


def test_title_marks_the_matched_words(client):
    ArticleFactory(
        published=True, title="Ferries return to the quay", body="<p>Ferry crews trained.</p>"
    )
    _, html = search(client, "ferry")
    assert "<mark>Ferries</mark> return to the quay</a>" in results_of(html)


def test_title_keeps_its_words_when_only_the_body_matches(client):
    ArticleFactory(published=True, title="Island towns", body="<p>The ferry leaves at noon.</p>")
    _, html = search(client, "ferry")
    assert ">Island towns</a>" in results_of(html)


def test_title_highlight_escapes_the_title(client):
    ArticleFactory(
        published=True,
        title='Harbour <script>alert("x")</script> & quay',
        body="<p>Nothing.</p>",
    )
    _, html = search(client, "harbour")
    results = results_of(html)
    assert "<mark>Harbour</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; quay" in (
        results
    )
    assert "<script>alert" not in html


def test_snippet_escapes_text_from_the_body(client):
    ArticleFactory(
        published=True,
        title="Code",
        body="<p>Harbour &lt;script&gt;alert(1)&lt;/script&gt; notes</p>",
    )
    _, html = search(client, "harbour notes")
    results = results_of(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in results
    assert "<script>alert" not in html


def test_query_is_kept_in_the_search_box(client):
    _, html = search(client, 'rail "coastal link"')
    assert 'value="rail &quot;coastal link&quot;"' in html


def test_query_is_escaped_in_the_page(client):
    _, html = search(client, "<b>bold</b>")
    assert "<b>bold</b>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_empty_query_gets_a_friendly_page(client):
    response, html = search(client, "")
    assert response.status_code == 200
    assert "Type a word or two" in html


@pytest.mark.parametrize(
    "query",
    ["!!!", "&|:*()", "the and of", '"unclosed', "-", "café ☕", "or or or", "a\x00b", "\x1b[31m"],
    ids=[
        "punctuation",
        "operators",
        "stop-words",
        "quote",
        "minus",
        "unicode",
        "or",
        "nul",
        "ansi",
    ],
)
def test_junk_queries_answer_with_a_page_never_an_error(client, query):
    ArticleFactory(published=True)
    response, html = search(client, query)
    assert response.status_code == 200
    assert "Search" in html


def test_very_long_query_is_refused_politely(client):
    response, html = search(client, "harbour " * 60)
    assert response.status_code == 200
    assert "Please shorten your search to 200 characters or fewer." in html


def test_search_results_are_not_indexed_by_search_engines(client):
    _, html = search(client, "harbour")
    assert '<meta name="robots" content="noindex' in html


def test_search_results_are_paginated_and_a_page_past_the_end_is_404(client):
    for number in range(12):
        ArticleFactory(published=True, title=f"Harbour story {number}", body="<p>harbour</p>")
    _, first = search(client, "harbour")
    assert "12 articles matched" in first
    assert results_of(first).count('class="card__title"') == 10
    assert 'href="?q=harbour&amp;page=2"' in first
    _, second = search(client, "harbour", page=2)
    assert results_of(second).count('class="card__title"') == 2
    assert search(client, "harbour", page=3)[0].status_code == 404
    assert search(client, "harbour", page="x")[0].status_code == 404


def test_search_page_is_well_formed_html(client):
    ArticleFactory(published=True, title="Harbour", body="<p>harbour</p>", tags=["port"])
    _, html = search(client, "harbour")
    assert page_problems(html) == []


def test_the_two_search_forms_have_distinct_accessible_names(client):
    _, html = search(client, "harbour")
    assert html.count('role="search"') == 2
    assert 'role="search" aria-label="Site search"' in html
    assert 'role="search" aria-label="Refine search"' in html
