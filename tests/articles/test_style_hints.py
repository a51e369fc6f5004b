"""Style hints before review: advice measured against the site settings, shown to the
writer beside "Submit for review" and to the moderator reviewing; never a refusal."""

import pytest
from django.urls import reverse

from articles.models import Article
from masthead.models import SiteSettings
from publishing.style_hints import style_hints, word_count
from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


def words(count):
    return " ".join(["harbour"] * count)


def clean_article(**fields):
    """An article no hint applies to."""
    values = {
        "title": "Council approves the harbour plan",
        "dek": "The vote ends two years of debate over the east quay.",
        "body": f"<p>{words(350)}</p><h2>What happens next</h2><p>{words(350)}</p>",
        **fields,
    }
    return ArticleFactory.build(**values)


def test_a_well_made_article_gets_no_hints():
    assert style_hints(clean_article()) == []


def test_a_long_headline_is_flagged():
    hints = style_hints(clean_article(title="x" * 71))

    assert hints == [
        "The headline has 71 characters; over 70, search results and social cards cut it short."
    ]


def test_a_short_body_is_flagged():
    hints = style_hints(clean_article(body=f"<p>{words(120)}</p>"))

    assert hints == ["The body has 120 words; under 300 it reads as a brief."]


def test_a_very_long_body_is_flagged():
    hints = style_hints(clean_article(body=f"<h2>Part one</h2><p>{words(2499)}</p>"))

    assert hints == ["The body has 2501 words; over 2500, consider trimming or a series."]


def test_words_either_side_of_a_tag_are_counted_apart():
    assert word_count("<h2>What next</h2><p>Work&nbsp;starts in spring.</p>") == 6


def test_a_long_body_without_a_sub_heading_is_flagged():
    hints = style_hints(clean_article(body=f"<p>{words(601)}</p>"))

    assert hints == [
        "The body has 601 words and no sub-heading; sub-headings help readers find their way."
    ]


def test_a_lead_image_without_alt_text_is_flagged():
    image = ImageFactory(alt_text="")

    hints = style_hints(clean_article(lead_image=image))

    assert hints == ["The lead image has no alt text: describe it for readers who cannot see it."]


@pytest.mark.parametrize(
    ("summary", "hint"),
    [
        ("", "The summary is empty: feeds, search results and social cards show nothing."),
        (
            "y" * 301,
            "The summary has 301 characters; over 300, feeds and cards cut it short.",
        ),
    ],
    ids=["empty", "long"],
)
def test_an_empty_or_long_summary_is_flagged(summary, hint):
    assert style_hints(clean_article(dek=summary)) == [hint]


def test_op_ed_in_the_headline_of_another_kind_is_flagged():
    hints = style_hints(clean_article(title="Op-Ed: Keep the ferry running"))

    assert len(hints) == 1
    assert "the kind is News: choose the Op-Ed kind" in hints[0]


def test_op_ed_in_the_headline_of_an_op_ed_is_a_double_kicker():
    hints = style_hints(clean_article(title="Op-Ed: Keep the ferry", kind=Article.Kind.OP_ED))

    assert hints == [
        "The headline says “Op-Ed” and the page adds “Op-Ed:” before it: remove it from the "
        "headline."
    ]


def test_the_thresholds_come_from_the_site_settings():
    site_settings = SiteSettings.load()
    site_settings.headline_max_characters = 20
    site_settings.body_min_words = 800
    site_settings.save()

    hints = style_hints(clean_article())

    assert hints == [
        "The headline has 33 characters; over 20, search results and social cards cut it short.",
        "The body has 703 words; under 800 it reads as a brief.",
    ]


def test_the_writer_sees_the_hints_beside_submit_and_can_submit_anyway(client, writer):
    draft = ArticleFactory(author=writer, dek="", body="<p>Short.</p>")
    client.force_login(writer)
    change_url = reverse("admin:articles_article_change", args=[draft.pk])

    page = client.get(change_url).text
    submitted = client.post(
        reverse("admin:articles_article_transition", args=[draft.pk, "submit"]), {"note": ""}
    )

    assert "Style hints" in page
    assert "The body has 1 word; under 300 it reads as a brief." in page
    assert "The summary is empty" in page
    assert page.index("Style hints") < page.index("Submit for review")
    assert submitted.status_code == 302
    assert Article.objects.get(pk=draft.pk).status == Article.Status.SUBMITTED


def test_the_moderator_sees_the_same_hints_when_reviewing(client, writer, moderator):
    submitted = ArticleFactory(
        author=writer, status=Article.Status.SUBMITTED, dek="", body="<p>Short.</p>"
    )
    client.force_login(moderator)

    page = client.get(reverse("admin:articles_article_change", args=[submitted.pk])).text

    assert "The body has 1 word; under 300 it reads as a brief." in page
    assert "The summary is empty" in page


def test_no_hints_where_there_is_nothing_to_submit_or_approve(client, writer):
    published = ArticleFactory(author=writer, published=True, dek="")
    client.force_login(writer)

    page = client.get(reverse("admin:articles_article_change", args=[published.pk])).text

    assert "Style hints" not in page
