"""Journey of the moderator's desk: a correction readers see everywhere, Top News in order,
and a time typed in a browser far from the newsroom."""

import json
import zoneinfo
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from publishing import workflow
from publishing.models import Correction
from tests.e2e.conftest import PASSWORD, log_in_with_login_box, update_docs_screenshot
from tests.factories import ArticleFactory, AuthorProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CORRECTION = "The council vote was 31 to 12, not 31 to 21 as first reported."


def log_in_as_moderator(page):
    page.goto("/")
    log_in_with_login_box(page, "morgan", PASSWORD)


@pytest.fixture
def stories(newsroom):
    politics = newsroom["sections"]["politics"]
    return [
        ArticleFactory(
            published=True,
            published_at=timezone.now() - timedelta(hours=hours),
            title=title,
            section=politics,
            author=newsroom["writer"],
        )
        for hours, title in [
            (5, "Council approves the east quay budget"),
            (3, "Ferry operator names a new captain"),
            (2, "Night ferry returns in spring"),
        ]
    ]


def test_moderator_adds_a_correction_readers_find_everywhere(page, stories, shots):
    story = stories[0]
    log_in_as_moderator(page)
    page.goto(f"/admin/articles/article/{story.pk}/change/")
    form = page.locator(".article-correction-form")
    form.get_by_label("Text").fill(CORRECTION)
    form.get_by_label("Shown").select_option("top")
    form.get_by_role("button", name="Add to the published article").click()
    expect(page.locator(".messagelist")).to_contain_text("was added")
    shots.take(page, "admin-after-correction")

    page.goto(story.get_absolute_url())
    notice = page.locator(".corrections .correction")
    expect(notice).to_contain_text(CORRECTION)
    shot = shots.take(page, "article-with-correction")
    update_docs_screenshot(shot, "article-with-correction.png")
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["correction"][0]["@type"] == "CorrectionComment"
    assert CORRECTION in data["correction"][0]["text"]
    assert data["dateModified"] >= data["correction"][0]["datePublished"]

    page.goto("/corrections/")
    expect(page.locator(".corrections-log")).to_contain_text(CORRECTION)
    shots.take(page, "corrections-page")
    feed = feedparser.parse(page.request.get("/corrections/feed/").body())
    assert [entry.summary for entry in feed.entries] == [CORRECTION]
    assert Correction.objects.get().created_by.username == "morgan"


def test_moderator_orders_top_news_and_sees_what_readers_see(page, stories, shots):
    log_in_as_moderator(page)
    page.goto("/admin/articles/article/top-news/")
    page.get_by_label("Add a story").select_option(label=f"{stories[0].title}")
    page.get_by_role("button", name="Save Top News").click()
    page.get_by_label("Add a story").select_option(label=f"{stories[2].title}")
    page.get_by_label("at position").fill("1")
    page.get_by_role("button", name="Save Top News").click()
    expect(page.locator(".messagelist")).to_contain_text("Top News was saved.")

    picks = list(
        Article.objects.filter(top_rank__isnull=False)
        .order_by("top_rank")
        .values_list("title", flat=True)
    )
    assert picks == [stories[2].title, stories[0].title]
    readers = page.locator(".top-news-preview li")
    expect(readers.first).to_contain_text(stories[2].title)
    shot = shots.take(page, "top-news-desk")
    update_docs_screenshot(shot, "admin-top-news.png")

    page.goto("/")
    expect(page.locator("body")).to_contain_text(stories[2].title)


def test_a_time_typed_in_a_browser_far_away_is_read_in_the_moderators_zone(
    new_context, newsroom, shots
):
    AuthorProfileFactory(user=newsroom["moderator"], time_zone="Europe/Berlin")
    draft = ArticleFactory(author=newsroom["writer"], section=newsroom["sections"]["world"])
    workflow.submit(draft, newsroom["writer"])
    page = new_context(timezone_id="Asia/Tokyo").new_page()
    log_in_as_moderator(page)
    page.goto(f"/admin/articles/article/{draft.pk}/change/")

    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    when = (timezone.now().astimezone(berlin) + timedelta(days=1)).replace(second=0, microsecond=0)
    field = page.get_by_label("Publish at (Europe/Berlin time)")
    field.fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.locator(".article-workflow-approve").click()
    expect(page.locator(".messagelist")).to_contain_text(when.strftime("%H:%M CE"))
    shots.take(page, "scheduled-in-berlin-time")

    draft.refresh_from_db()
    assert draft.published_at == when
    assert draft.is_scheduled


def test_two_moderators_and_a_claim(new_context, newsroom, shots):
    from accounts.roles import make_moderator
    from tests.factories import UserFactory

    make_moderator(UserFactory(username="nils", first_name="Nils", last_name="Night"))
    story = ArticleFactory(
        author=newsroom["writer"],
        section=newsroom["sections"]["world"],
        title="Storm closes the north pier",
    )
    workflow.submit(story, newsroom["writer"])
    first = new_context().new_page()
    log_in_as_moderator(first)
    first.goto(f"/admin/articles/article/{story.pk}/change/")
    first.get_by_role("button", name="I'm reviewing this").click()
    expect(first.locator(".article-claim")).to_contain_text("Reviewed by Morgan Reed since")

    # A desk screen: wide enough for the queue's every column beside the admin's sidebar.
    second = new_context(viewport={"width": 1680, "height": 900}).new_page()
    second.goto("/")
    log_in_with_login_box(second, "nils", PASSWORD)
    second.goto("/admin/articles/article/?status__exact=submitted")
    expect(second.locator("td.field-reviewing")).to_contain_text("Morgan Reed since")
    shot = shots.take(second, "queue-with-claim")
    update_docs_screenshot(shot, "admin-queue-with-claim.png")

    second.goto(f"/admin/articles/article/{story.pk}/change/")
    second.locator(".article-workflow-approve").click()
    expect(second.locator(".messagelist")).to_contain_text("Morgan Reed is reviewing")
    story.refresh_from_db()
    assert story.status == Article.Status.SUBMITTED
    second.get_by_label("Decide although it is claimed by Morgan Reed").check()
    second.locator(".article-workflow-approve").click()
    expect(second.locator(".messagelist")).to_contain_text("was approved")


def test_sent_back_with_a_reason_then_the_changes_since_are_one_click_away(
    new_context, newsroom, problems, shots
):
    from tests.e2e.test_accessibility import run_axe

    title = "Quay repairs cost more than planned"
    story = ArticleFactory(
        author=newsroom["writer"],
        section=newsroom["sections"]["politics"],
        title=title,
        body="<p>Repairs to the east quay ran over budget.</p>"
        "<p>The council spent a fortune on the quay.</p>",
    )
    workflow.submit(story, newsroom["writer"])
    # axe is injected as a script, which the strict CSP would block: off for this context.
    moderator = new_context(bypass_csp=True).new_page()
    writer = new_context().new_page()
    problems.watch(moderator)
    problems.watch(writer)

    # The moderator sends it back: needs sources.
    log_in_as_moderator(moderator)
    moderator.goto(f"/admin/articles/article/{story.pk}/change/")
    moderator.get_by_label("Reason for sending it back").select_option(label="Needs sources")
    moderator.get_by_label("Note to the writer").fill("How much did the council spend?")
    moderator.locator(".article-workflow-reject").click()
    expect(moderator.locator(".messagelist")).to_contain_text("sent back to the writer")

    # The writer sees why, puts the figure in and submits again.
    writer.goto("/")
    log_in_with_login_box(writer, "wanda", PASSWORD)
    writer.goto(f"/admin/articles/article/{story.pk}/change/")
    expect(writer.locator(".article-review-note")).to_contain_text("Reason: Needs sources")
    editor = writer.locator(".field-body .tiptap.ProseMirror")
    sentence = "The council spent a fortune on the quay."
    # The whole sentence selected before typing over it: on a busy machine a key can reach
    # the editor before the click has placed the caret, so the selection is checked.
    for _attempt in range(3):
        editor.get_by_text("The council spent a fortune").click()
        writer.keyboard.press("End")
        writer.keyboard.press("Shift+Home")
        if writer.evaluate("() => window.getSelection().toString()") == sentence:
            break
    assert writer.evaluate("() => window.getSelection().toString()") == sentence
    writer.keyboard.type("The council spent 2 million on the quay, say the minutes.")
    expect(editor).to_contain_text("2 million on the quay, say the minutes.")
    writer.get_by_role("button", name="Save and continue editing").first.click()
    expect(writer.locator(".messagelist")).to_contain_text("was changed successfully")
    writer.get_by_role("button", name="Submit for review").click()
    expect(writer.locator(".messagelist")).to_contain_text("submitted for review")

    # The moderator finds it in the queue, sent back for sources, and opens what changed.
    moderator.goto("/admin/articles/article/?status__exact=submitted")
    row = moderator.locator("#result_list tr", has_text=title)
    expect(row.locator("td.field-sent_back")).to_contain_text("Needs sources")
    row.get_by_role("link", name="Changes since").click()
    expect(moderator.get_by_role("heading", level=1)).to_contain_text(
        "Changes since it was sent back"
    )
    body = moderator.locator(".article-diff-body")
    expect(body.locator("del")).to_have_text(["a fortune", "quay."])
    expect(body.locator("ins")).to_have_text(["2 million", "quay, say the minutes."])
    for mark in body.locator("del, ins").all():
        expect(mark).to_be_visible()
    expect(body).to_contain_text("Repairs to the east quay ran over budget.")
    expect(moderator.locator(".article-rejection-reason")).to_contain_text("Needs sources")
    shot = shots.take(moderator, "changes-since-sent-back")
    update_docs_screenshot(shot, "admin-revision-diff.png")
    assert run_axe(moderator) == []

    # The same comparison from the history: any two versions.
    moderator.goto(f"/admin/articles/article/{story.pk}/history/")
    moderator.get_by_role("button", name="Compare the chosen versions").click()
    expect(moderator.get_by_role("heading", level=1)).to_contain_text("Compare versions")
    assert run_axe(moderator) == []

    # The desk's report counts the reason for the writer.
    moderator.goto("/admin/articles/article/")
    moderator.get_by_role("link", name="Rejection reasons").click()
    report = moderator.locator("table.article-rejection-report")
    expect(report.locator("tbody tr")).to_have_count(1)
    expect(report.locator("tbody tr")).to_contain_text("Wanda Quill")
    shot = shots.take(moderator, "rejection-report")
    update_docs_screenshot(shot, "admin-rejection-report.png")
    assert run_axe(moderator) == []
    assert problems.page_errors == []
