"""Hostile text in an article stays text in the browser: no dialog, no script, no console error."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = '<script>window.pwned = "title"; alert("title")</script> Quay payload'
DEK = "<img src=x onerror=\"window.pwned = 'dek'; alert('dek')\"> sharp dek"
TAG = "<svg onload=alert('tag')>"
BODY = (
    "<p>The cormorant report.</p>"
    "<script>window.pwned = 'body'; alert('body')</script>"
    "<img src=x onerror=\"alert('body image')\">"
    "<p><a href=\"javascript:alert('link')\">harmless looking link</a></p>"
    "<iframe src=\"javascript:alert('frame')\"></iframe>"
    "<p onmouseover=\"alert('hover')\">Hover over the cormorant.</p>"
    "<svg><script>alert('svg')</script></svg>"
)


@pytest.fixture
def hostile_article(newsroom):
    return ArticleFactory(
        published=True,
        kind=Article.Kind.OP_ED,
        title=TITLE,
        slug="quay-payload",
        dek=DEK,
        body=BODY,
        section=newsroom["sections"]["opinion"],
        author=newsroom["writer"],
        tags=[TAG, "cormorants"],
    )


def assert_nothing_ran(page, problems):
    assert page.evaluate("() => window.pwned === undefined"), page.evaluate("() => window.pwned")
    assert problems.dialogs == []
    assert problems.page_errors == []
    assert problems.console_errors == []


def test_script_payloads_in_an_article_render_as_text(page, problems, shots, hostile_article):
    page.goto(hostile_article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_text("sharp dek")).to_contain_text("<img src=x onerror=")
    expect(page.locator("main")).to_contain_text("The cormorant report.")
    expect(page.locator("main")).to_contain_text(TAG)
    page.get_by_text("Hover over the cormorant.").hover()
    assert page.locator("main a[href^='javascript:'], main iframe, main [onmouseover]").count() == 0
    shots.take(page, "article")
    assert_nothing_ran(page, problems)


def test_script_payloads_stay_text_in_listings_and_search(page, problems, shots, hostile_article):
    page.goto("/")
    expect(page.locator("main")).to_contain_text(TITLE)
    shots.take(page, "home")
    page.goto("/search/?q=cormorant")
    expect(page.locator("main")).to_contain_text(TITLE)
    shots.take(page, "search")
    page.goto("/search/?q=" + "<script>alert('query')</script>")
    expect(page.get_by_role("searchbox").first).to_have_value("<script>alert('query')</script>")
    shots.take(page, "search-hostile-query")
    page.goto(hostile_article.section.get_absolute_url())
    expect(page.locator("main")).to_contain_text(TITLE)
    page.goto("/tag/cormorants/")
    expect(page.locator("main")).to_contain_text(TITLE)
    shots.take(page, "tag")
    assert_nothing_ran(page, problems)
