"""Journey 1, the writer: log in, upload a picture, write an op-ed, preview it, submit it."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.conftest import PASSWORD, log_in_with_login_box
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Keep the night ferry running all winter"
DEK = "The island route is a lifeline, not a luxury."
LINK_TEXT = "port authority"
LINK_URL = "https://example.org/port-plan"


@pytest.fixture
def existing_tags(newsroom):
    """Two tags the site already uses, so the writer picks them and adds one new tag."""
    ArticleFactory(
        published=True,
        section=newsroom["sections"]["world"],
        author=newsroom["writer"],
        tags=["ferries", "harbour"],
    )


def select_last_characters(page, count):
    for _ in range(count):
        page.keyboard.press("Shift+ArrowLeft")


def write_body(page):
    """Type a sub-heading, a paragraph and a link into the rich-text editor."""
    editor = page.locator(".field-body .tiptap.ProseMirror")
    editor.click()
    page.keyboard.type("## Why the route matters")  # the editor turns "## " into a sub-heading
    page.keyboard.press("Enter")
    page.keyboard.type(
        "Nurses, bakers and students cross at night. Read the plan of the " + LINK_TEXT
    )
    select_last_characters(page, len(LINK_TEXT))
    page.locator(".field-body .prose-menubar button[data-name=link]").click()
    dialog = page.locator("dialog.prose-editor-dialog[open]")
    dialog.get_by_label("URL").fill(LINK_URL)
    dialog.get_by_role("button", name="Update").click()
    expect(dialog).to_be_hidden()
    expect(editor.get_by_role("link", name=LINK_TEXT)).to_have_attribute("href", LINK_URL)
    editor.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type(" before the vote.")
    expect(editor.locator("h2")).to_have_text("Why the route matters")
    expect(editor.locator("p")).to_have_text(re.compile(LINK_TEXT + " before the vote.$"))


def choose_lead_image(page, alt_text):
    """Pick the uploaded picture in the admin's autocomplete (select2) box."""
    page.locator(".field-lead_image .select2-selection").click()
    page.locator(".select2-search__field").fill("night ferry")
    page.locator(".select2-results__option", has_text=alt_text).click()
    expect(page.locator(".field-lead_image .select2-selection__rendered")).to_contain_text(alt_text)


def test_writer_writes_previews_and_submits_an_op_ed(
    live_server, new_context, problems, shots, mailbox, newsroom, existing_tags, harbour_photo
):
    page = new_context().new_page()
    problems.watch(page)

    # Log in at the site's login box and go to the admin.
    page.goto("/")
    log_in_with_login_box(page, "wanda", PASSWORD)
    expect(page.locator(".login-box")).to_contain_text("Logged in as")
    shots.take(page, "signed-in")
    page.locator(".login-box").get_by_role("link", name="Admin").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("administration")
    shots.take(page, "admin-index")

    # Upload the lead image with alt text, caption and credit.
    page.get_by_role("link", name="Images").click()
    page.get_by_role("link", name=re.compile("Add image", re.I)).click()
    page.locator("input[type=file][name=file]").set_input_files(harbour_photo)
    alt_text = "The night ferry at the east quay after sunset"
    page.get_by_label("Alt text").fill(alt_text)
    page.get_by_label("Caption").fill("The last crossing of the season, in October.")
    page.get_by_label("Credit").fill("Photo: Wanda Quill")
    shots.take(page, "image-form")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    shots.take(page, "image-saved")

    # Write the op-ed.
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Kind").select_option(label="Op-Ed")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill(DEK)
    write_body(page)
    choose_lead_image(page, alt_text)
    page.get_by_label("Section:", exact=True).select_option(label="Opinion")
    page.get_by_label("Tags").fill("ferries, harbour, night crossings")
    shots.take(page, "op-ed-form")
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    expect(page.locator(".article-workflow")).to_contain_text("Status: draft")
    shots.take(page, "draft-saved")

    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.DRAFT
    assert article.author == newsroom["writer"]
    assert sorted(article.tags.names()) == ["ferries", "harbour", "night crossings"]
    assert "<h2>Why the route matters</h2>" in article.body
    assert f'href="{LINK_URL}"' in article.body
    assert article.lead_image.alt_text == alt_text

    # Preview it exactly as readers will see it.
    with page.expect_popup() as popup:
        page.locator(".object-tools").get_by_role("link", name="Preview").click()
    preview = popup.value
    problems.watch(preview)
    expect(preview.get_by_role("heading", level=1)).to_have_text(f"Op-Ed: {TITLE}")
    expect(preview.get_by_role("status")).to_contain_text("Preview")
    expect(preview.locator(".article-body h2")).to_have_text("Why the route matters")
    expect(preview.locator(".article-body").get_by_role("link", name=LINK_TEXT)).to_be_visible()
    expect(preview.get_by_role("img", name=alt_text)).to_be_visible()
    shots.take(preview, "preview")
    preview.close()

    # Submit it for review; the moderators are told by email.
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messagelist")).to_contain_text("submitted for review")
    # A submitted article is no longer the writer's to change: back to their list.
    row = page.locator("#result_list tr", has_text=TITLE)
    expect(row).to_contain_text("Submitted for review")
    shots.take(page, "submitted")
    article.refresh_from_db()
    assert article.status == Article.Status.SUBMITTED
    notice = mailbox.wait_for("morgan@example.test")
    assert TITLE in mailbox.body(notice)

    # The public site does not show it yet.
    reader = new_context().new_page()
    problems.watch(reader)
    reader.goto("/")
    expect(reader.get_by_role("main")).not_to_contain_text(TITLE)
    shots.take(reader, "home-without-the-op-ed")
    assert reader.goto(article.get_absolute_url()).status == 404
    reader.goto("/section/opinion/")
    expect(reader.get_by_role("main")).not_to_contain_text(TITLE)
    reader.goto("/search/?q=nurses+bakers")
    expect(reader.get_by_role("main")).not_to_contain_text(TITLE)
    shots.take(reader, "search-without-the-op-ed")
    assert problems.dialogs == []
    assert problems.page_errors == []
    assert problems.script_errors == []
    # Only the deliberate visit to the unpublished address failed.
    assert problems.failed_responses == [f"404 {live_server.url}{article.get_absolute_url()}"]
