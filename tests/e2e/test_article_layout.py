"""The article body as laid out by a real browser: the drop cap and what follows it."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The first paragraph's height and the drop cap's box (its line height plus top padding).
DROP_CAP_GEOMETRY = """() => {
    const paragraph = document.querySelector(".article-body > p:first-child");
    const cap = getComputedStyle(paragraph, "::first-letter");
    return {
        paragraph: paragraph.getBoundingClientRect().height,
        cap: parseFloat(cap.lineHeight) + parseFloat(cap.paddingTop),
        capFloats: cap.float,
    };
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_one_line_opening_keeps_its_drop_cap_above_the_next_sub_heading(
    new_context, newsroom, shots, viewport
):
    article = ArticleFactory(
        published=True,
        title="Ferry back",
        slug="ferry-back",
        section=newsroom["sections"]["world"],
        author=newsroom["writer"],
        body="<p>Since Monday the ferry sails.</p><h2>What a study found</h2><p>More text.</p>",
    )
    page = new_context(viewport=viewport).new_page()
    page.goto(article.get_absolute_url())
    expect(page.get_by_role("heading", name="What a study found")).to_be_visible()
    shots.take(page, "article")
    geometry = page.evaluate(DROP_CAP_GEOMETRY)
    assert geometry["capFloats"] == "left"
    # The paragraph grows around its cap, so the heading after it starts below the cap
    # (within a pixel: layout rounds to fractions of a pixel; one line alone is ~30 px short).
    assert geometry["paragraph"] >= geometry["cap"] - 1, geometry
