"""Pictures inside the text: the writer opens the picture picker from the body editor's figure
button, searches the library, inserts a picture, saves, and the preview shows it with its
renditions and caption; an image from another site is refused with a message naming it; the
side-by-side preview shows the typed text at a phone's and a desktop's width."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.e2e.conftest import (
    AXE_SCRIPT,
    PASSWORD,
    log_in_with_login_box,
    update_docs_screenshot,
)
from tests.factories import ArticleFactory, ImageFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BODY_EDITOR = ".field-body .tiptap.ProseMirror"
FIGURE_BUTTON = ".field-body .prose-menubar button[data-name=figure]"
EXTERNAL = "https://pictures.example.net/harbour.jpg"


@pytest.fixture
def library(newsroom):
    """The writer's pictures: one about the ferry and a few others."""
    writer = newsroom["writer"]
    ferry = ImageFactory(
        uploaded_by=writer,
        alt_text="The night ferry leaving the east quay",
        caption="The last crossing of the season.",
        credit="Photo: Wanda Quill",
    )
    for subject in ("A crane at the container port", "Fishing boats in the old harbour"):
        ImageFactory(uploaded_by=writer, alt_text=subject, caption="")
    # Another writer's picture never shows in Wanda's picker.
    ImageFactory(alt_text="The night ferry, seen by someone else", caption="")
    return {"ferry": ferry}


def signed_in_writer(new_context, problems, **options):
    context = new_context(**options)
    page = context.new_page()
    problems.watch(page)
    page.goto("/")
    log_in_with_login_box(page, "wanda", PASSWORD)
    return page


def test_writer_inserts_a_library_picture_and_the_preview_shows_it(
    new_context, problems, shots, newsroom, library
):
    article = ArticleFactory(
        author=newsroom["writer"],
        section=newsroom["sections"]["politics"],
        title="The night ferry keeps running",
        body="<p>The council found the money at the last minute.</p>",
    )
    page = signed_in_writer(new_context, problems)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.locator(BODY_EDITOR).click()
    page.keyboard.press("Control+End")

    page.locator(FIGURE_BUTTON).click()
    picker = page.get_by_role("dialog", name="Insert a picture from the library")
    expect(picker).to_be_visible()
    expect(picker.get_by_role("status")).to_contain_text("3 pictures in your library")
    expect(picker.get_by_label("Search by alt text or caption")).to_be_focused()
    page.keyboard.type("ferry")
    page.keyboard.press("Enter")
    expect(picker.get_by_role("status")).to_contain_text("One picture matches “ferry”")
    choice = picker.get_by_role("button", name=re.compile("The night ferry leaving"))
    expect(choice).to_have_count(1)
    expect(choice.locator("img")).to_have_attribute("src", re.compile(r"^/media/renditions/"))
    shots.take(page, "picker-open")
    shot = shots.folder / "picker-open-viewport.png"
    page.screenshot(path=str(shot))  # the window as the writer sees it, dialog in the middle
    update_docs_screenshot(shot, "admin-inline-image-picker.png")

    choice.focus()  # the picker is used with the keyboard alone
    page.keyboard.press("Enter")
    expect(picker).to_be_hidden()
    figure = page.locator(f"{BODY_EDITOR} figure.library-figure")
    expect(figure).to_have_attribute("data-image", str(library["ferry"].pk))
    expect(figure.locator("figcaption")).to_contain_text("The last crossing of the season.")
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert f'<figure data-image="{library["ferry"].pk}"></figure>' in article.body

    # After a reload the editor still shows the picture it refers to.
    expect(page.locator(f"{BODY_EDITOR} figure.library-figure img")).to_have_attribute(
        "alt", "The night ferry leaving the east quay"
    )
    preview = page.context.new_page()
    problems.watch(preview)
    preview.goto(f"/preview/{article.pk}/")
    body_figure = preview.locator(".article-body figure.inline-figure")
    expect(body_figure.locator("source[type='image/webp']")).to_have_attribute(
        "srcset", re.compile(r"\.webp \d+w")
    )
    expect(body_figure.locator("img")).to_have_attribute(
        "alt", "The night ferry leaving the east quay"
    )
    expect(body_figure.locator("img")).to_have_attribute("srcset", re.compile(r"\.jpg \d+w"))
    expect(body_figure.locator("figcaption")).to_contain_text("The last crossing of the season.")
    expect(body_figure.locator("figcaption .credit")).to_have_text("Photo: Wanda Quill")
    shots.take(preview, "preview-with-figure")
    assert problems.page_errors == []
    assert problems.script_errors == []


def test_the_picker_has_no_axe_violations_and_closes_with_escape(
    new_context, problems, newsroom, library
):
    # axe is injected as a script, which the CSP would block: off for this context only.
    page = signed_in_writer(new_context, problems, bypass_csp=True)
    page.goto("/admin/articles/article/add/")
    page.locator(BODY_EDITOR).click()
    page.locator(FIGURE_BUTTON).click()
    picker = page.get_by_role("dialog", name="Insert a picture from the library")
    expect(picker.get_by_role("status")).to_contain_text("3 pictures in your library")
    picker.get_by_text("Upload a new picture").click()
    page.add_script_tag(path=str(AXE_SCRIPT))
    violations = page.evaluate(
        """async () => {
            const results = await axe.run("#inline-image-picker", {resultTypes: ["violations"]});
            return results.violations.map(v => `${v.id} (${v.impact}): ${v.help}`);
        }"""
    )
    assert violations == []

    page.keyboard.press("Escape")
    expect(picker).to_be_hidden()
    expect(page.locator(BODY_EDITOR)).to_be_focused()


def test_writer_uploads_a_picture_in_the_picker_and_a_bad_file_is_explained(
    new_context, problems, shots, newsroom, harbour_photo, tmp_path
):
    not_a_picture = tmp_path / "notes.jpg"
    not_a_picture.write_text("These are notes, not a photograph.")
    page = signed_in_writer(new_context, problems)
    page.goto("/admin/articles/article/add/")
    page.locator(BODY_EDITOR).click()
    page.locator(FIGURE_BUTTON).click()
    picker = page.get_by_role("dialog", name="Insert a picture from the library")
    expect(picker.get_by_role("status")).to_contain_text("no pictures yet")
    picker.get_by_text("Upload a new picture").click()
    picker.get_by_label("Picture", exact=True).set_input_files(not_a_picture)
    picker.get_by_label("Alt text", exact=True).fill("Notes")
    picker.get_by_role("button", name="Upload and insert").click()
    expect(picker.get_by_role("alert")).to_contain_text("Picture:")
    shots.take(page, "upload-refused")

    picker.get_by_label("Picture", exact=True).set_input_files(harbour_photo)
    picker.get_by_label("Alt text", exact=True).fill("The ferry at night")
    picker.get_by_label("Caption", exact=True).fill("Crossing to the island.")
    picker.get_by_role("button", name="Upload and insert").click()
    expect(picker).to_be_hidden()
    expect(page.locator(f"{BODY_EDITOR} figure.library-figure figcaption")).to_contain_text(
        "Crossing to the island."
    )
    assert problems.page_errors == []


def test_an_image_from_another_site_is_refused_and_the_text_is_kept(
    new_context, problems, shots, newsroom
):
    article = ArticleFactory(
        author=newsroom["writer"],
        section=newsroom["sections"]["politics"],
        body="<p>The council found the money.</p>",
    )
    page = signed_in_writer(new_context, problems)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    editor = page.locator(BODY_EDITOR)
    editor.click()
    page.keyboard.press("Control+End")
    # A writer pastes a paragraph and a picture copied from another website.
    editor.evaluate(
        """(element, address) => {
            const data = new DataTransfer();
            data.setData("text/html", `<p>Copied from the wire.</p><img src="${address}" alt="">`);
            data.setData("text/plain", "Copied from the wire.");
            element.dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true})
            );
        }""",
        EXTERNAL,
    )
    expect(editor).to_contain_text("Copied from the wire.")
    page.get_by_role("button", name="Save and continue editing").first.click()
    errors = page.locator(".field-body .errorlist")
    expect(errors).to_contain_text("Pictures must come from the library: " + EXTERNAL)
    shots.take(page, "external-image-refused")
    expect(page.locator(BODY_EDITOR)).to_contain_text("Copied from the wire.")
    article.refresh_from_db()
    assert "Copied from the wire" not in article.body  # nothing saved, nothing lost


def test_side_by_side_preview_shows_the_typed_text_at_two_widths(
    new_context, problems, shots, newsroom, library
):
    page = signed_in_writer(new_context, problems, viewport={"width": 1440, "height": 1100})
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title").fill("Ferry timetable for the winter")
    page.locator(BODY_EDITOR).click()
    page.keyboard.type("Boats leave every two hours from the east quay.")
    page.locator(FIGURE_BUTTON).click()
    picker = page.get_by_role("dialog", name="Insert a picture from the library")
    picker.get_by_role("button", name=re.compile("The night ferry leaving")).click()
    page.get_by_label("Section:", exact=True).select_option(label="Politics")
    with page.expect_popup() as popup:
        page.get_by_role("button", name="Preview on phone and desktop").click()
    preview = popup.value
    problems.watch(preview)
    expect(preview.get_by_role("heading", level=1)).to_have_text(
        "Preview at phone and desktop widths"
    )
    for name in ("phone", "desktop"):
        frame = preview.frame_locator(f"iframe[name=preview-frame-{name}]")
        expect(frame.get_by_role("heading", level=1)).to_have_text("Ferry timetable for the winter")
        expect(frame.locator(".article-body")).to_contain_text("every two hours")
        expect(frame.locator(".article-body figure.inline-figure figcaption")).to_contain_text(
            "The last crossing of the season."
        )
    phone = preview.locator("iframe[name=preview-frame-phone]")
    assert phone.evaluate("frame => frame.contentWindow.innerWidth") == 390
    desktop = preview.locator("iframe[name=preview-frame-desktop]")
    assert desktop.evaluate("frame => frame.contentWindow.innerWidth") == 1280
    shots.take(preview, "side-by-side")
    shot = shots.folder / "side-by-side-viewport.png"
    preview.screenshot(path=str(shot))
    update_docs_screenshot(shot, "preview-side-by-side.png")
    assert not Article.objects.exists()  # previewing saved nothing
    assert problems.page_errors == []
    assert problems.script_errors == []
