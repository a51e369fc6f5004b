"""Journey 2, the moderator: rejects with a note, the writer resubmits, approval; it goes live."""

import re
from datetime import timedelta

import pytest
from django.core.files import File
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from publishing import workflow
from tests.e2e.conftest import (
    DESKTOP,
    PASSWORD,
    PHONE,
    SITE_NAME,
    log_in_with_login_box,
    update_docs_screenshot,
)
from tests.factories import ArticleFactory, ImageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "The harbour needs its night ferry back"
NOTE = "Please name the study you quote in the second paragraph."


@pytest.fixture
def submitted_op_ed(newsroom, harbour_photo):
    """An op-ed the writer has submitted, and older news that it should push down."""
    writer, sections = newsroom["writer"], newsroom["sections"]
    for hours, title, slug in [
        (5, "Council approves the east quay budget", "council-approves-east-quay-budget"),
        (3, "Ferry operator names a new captain", "ferry-operator-names-new-captain"),
    ]:
        ArticleFactory(
            published=True,
            published_at=timezone.now() - timedelta(hours=hours),
            title=title,
            slug=slug,
            section=sections["politics"],
            author=writer,
            tags=["harbour"],
        )
    op_ed = ArticleFactory(
        kind=Article.Kind.OP_ED,
        title=TITLE,
        slug="harbour-needs-night-ferry",
        dek="Shift workers and students have no way home after ten.",
        body=(
            "<p>Since the night crossing was cut, the island has emptied after dark.</p>"
            "<h2>What a study found</h2>"
            "<p>A study counted four hundred people a night who would take the boat.</p>"
        ),
        section=sections["opinion"],
        author=writer,
        lead_image=ImageFactory(
            file=File(harbour_photo.open("rb"), name=harbour_photo.name),
            uploaded_by=writer,
            alt_text="Passengers boarding a ferry under the quay lights",
            caption="Boarding at the east quay.",
            credit="Photo: Wanda Quill",
        ),
        tags=["ferries", "harbour", "night crossings"],
    )
    workflow.submit(op_ed, writer)
    return op_ed


def open_admin_from_login_box(page, username):
    page.goto("/")
    log_in_with_login_box(page, username, PASSWORD)
    page.locator(".login-box").get_by_role("link", name="Admin").click()
    page.locator("tr.model-article th").get_by_role("link", name="Articles").click()


def open_from_review_queue(page, title):
    queue = page.get_by_role("link", name=re.compile(r"Review queue \(1 waiting\)"))
    queue.click()
    expect(page.locator("#result_list")).to_contain_text(title)
    page.locator("#result_list").get_by_role("link", name=title).click()
    expect(page.locator(".article-workflow")).to_contain_text("Status: submitted")


def test_moderator_rejects_writer_resubmits_moderator_approves(
    new_context, problems, shots, mailbox, newsroom, submitted_op_ed
):
    moderator = new_context().new_page()
    writer = new_context().new_page()
    problems.watch(moderator)
    problems.watch(writer)

    # The moderator finds the op-ed in the review queue and rejects it with a note.
    open_admin_from_login_box(moderator, "morgan")
    shots.take(moderator, "moderator-article-list")
    open_from_review_queue(moderator, TITLE)
    shots.take(moderator, "moderator-opens-op-ed")
    moderator.get_by_label("Reason for sending it back").select_option(label="Needs sources")
    moderator.get_by_label("Note to the writer").fill(NOTE)
    moderator.get_by_role("button", name="Reject").click()
    expect(moderator.locator(".messagelist")).to_contain_text("sent back to the writer")
    shots.take(moderator, "moderator-rejected")
    rejection = mailbox.wait_for("wanda@example.test", subject_contains="")
    assert NOTE in mailbox.body(rejection)

    # The writer sees the note, edits and resubmits.
    open_admin_from_login_box(writer, "wanda")
    row = writer.locator("#result_list tr", has_text=TITLE)
    expect(row).to_contain_text("Rejected")
    row.get_by_role("link", name=TITLE).click()
    expect(writer.locator(".article-review-note")).to_contain_text(NOTE)
    expect(writer.locator(".article-review-note")).to_contain_text("Morgan Reed")
    shots.take(writer, "writer-sees-note")
    editor = writer.locator(".field-body .tiptap.ProseMirror")
    editor.get_by_text("A study counted").click()
    writer.keyboard.press("End")
    writer.keyboard.type(" (Island Transport Survey, 2025)")
    writer.get_by_role("button", name="Save and continue editing").first.click()
    expect(writer.locator(".messagelist")).to_contain_text("was changed successfully")
    writer.get_by_role("button", name="Submit for review").click()
    expect(writer.locator(".messagelist")).to_contain_text("submitted for review")
    shots.take(writer, "writer-resubmitted")
    submitted_op_ed.refresh_from_db()
    assert "(Island Transport Survey, 2025)" in submitted_op_ed.body
    assert submitted_op_ed.status == Article.Status.SUBMITTED

    # The moderator approves it: published now.
    moderator.goto("/admin/articles/article/")
    open_from_review_queue(moderator, TITLE)
    moderator.get_by_role("button", name="Approve").click()
    expect(moderator.locator(".messagelist")).to_contain_text("approved")
    shots.take(moderator, "moderator-approved")
    submitted_op_ed.refresh_from_db()
    assert submitted_op_ed.is_public
    approval = mailbox.wait_for("wanda@example.test", subject_contains="")
    assert submitted_op_ed.get_absolute_url() in mailbox.body(approval)

    # A reader sees it everywhere it belongs.
    reader_context = new_context()
    reader = reader_context.new_page()
    problems.watch(reader)
    reader.goto("/")
    latest = reader.locator("section[aria-labelledby=sidebar-latest] li").first
    expect(latest).to_contain_text(TITLE)
    shots.take(reader, "home-latest-news")
    author_url = newsroom["writer"].profile.get_absolute_url()
    for listing in ["/section/opinion/", "/tag/night-crossings/", "/tag/ferries/", author_url]:
        reader.goto(listing)
        expect(reader.get_by_role("main").get_by_role("link", name=TITLE).first).to_be_visible()
        shots.take(reader, "listing-" + listing.strip("/").replace("/", "-"))
    feed = reader_context.request.get("/feeds/latest/")
    assert feed.ok
    first_item = feed.text().split("<item>")[1]
    assert TITLE in first_item
    assert submitted_op_ed.get_absolute_url() in first_item

    reader.goto("/")
    latest.get_by_role("link").click()
    expect(reader).to_have_url(re.compile(re.escape(submitted_op_ed.get_absolute_url()) + "$"))
    article = reader.locator("article")
    expect(reader.get_by_role("heading", level=1)).to_have_text(f"Op-Ed: {TITLE}")
    expect(article.locator(".kicker")).to_have_text("Op-Ed:")
    byline = article.locator(".byline")
    expect(byline).to_contain_text("By Wanda Quill")
    expect(byline.get_by_role("link", name="Wanda Quill")).to_have_attribute("href", author_url)
    published = timezone.localtime(submitted_op_ed.published_at)
    expect(byline.locator("time")).to_have_attribute(
        "datetime", re.compile("^" + published.strftime("%Y-%m-%dT%H:%M"))
    )
    expect(byline.locator("time")).to_contain_text(published.strftime("%Y"))
    expect(byline).to_contain_text("in Opinion")
    expect(byline.get_by_role("link", name="Opinion")).to_have_attribute(
        "href", "/section/opinion/"
    )
    image = article.get_by_role("img", name="Passengers boarding a ferry under the quay lights")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(article.locator("figcaption")).to_contain_text("Boarding at the east quay.")
    more_about = article.get_by_role("navigation", name="More about")
    for tag in ["ferries", "harbour", "night crossings"]:
        expect(more_about.get_by_role("link", name=tag)).to_be_visible()
    disclaimer = article.locator(".disclaimer")
    expect(disclaimer).to_contain_text("an opinion piece by an independent contributor")
    expect(disclaimer).to_contain_text(f"{SITE_NAME} does not necessarily share them")
    desktop_shot = shots.take(reader, "article-desktop")
    reader.set_viewport_size(PHONE)
    expect(reader.get_by_role("heading", level=1)).to_be_visible()
    phone_shot = shots.take(reader, "article-phone")
    reader.set_viewport_size(DESKTOP)
    update_docs_screenshot(desktop_shot, "e2e-article-desktop.png")
    update_docs_screenshot(phone_shot, "e2e-article-phone.png")

    assert problems.dialogs == []
    assert problems.page_errors == []
    assert problems.script_errors == []
    assert problems.failed_responses == []
