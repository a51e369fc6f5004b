"""The writer's editor never loses text: autosave and recovery after a closed tab, and the
warning before leaving a form with unsaved changes."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from publishing import services
from publishing.models import ArticleAutosave
from tests.e2e.conftest import PASSWORD, log_in_with_login_box, update_docs_screenshot
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BODY_EDITOR = ".field-body .tiptap.ProseMirror"


def signed_in_writer(new_context, problems):
    context = new_context()
    page = context.new_page()
    problems.watch(page)
    page.goto("/")
    log_in_with_login_box(page, "wanda", PASSWORD)
    return context, page


def test_a_new_article_comes_back_after_the_tab_was_closed(new_context, problems, shots, newsroom):
    context, page = signed_in_writer(new_context, problems)
    page.goto("/admin/articles/article/add/")
    expect(page.locator(".article-autosave-status")).to_contain_text("Autosave is on")
    page.get_by_label("Title").fill("Night ferry keeps running")
    page.locator(BODY_EDITOR).click()
    page.keyboard.type("The island council found the money at the last minute.")
    expect(page.locator(".article-autosave-status")).to_have_attribute("data-state", "saved")
    expect(page.locator(".article-autosave-status")).to_contain_text(re.compile(r"Saved \d+ s ago"))
    shots.take(page, "autosaved")

    page.close()  # no Save, no leave-page dialog: as if the browser had crashed
    assert not Article.objects.exists()

    page = context.new_page()
    problems.watch(page)
    page.goto("/admin/articles/article/add/")
    offer = page.locator(".article-autosave-offer")
    expect(offer).to_contain_text("You have unsaved text")
    expect(offer.locator("ins").first).to_have_text("Night ferry keeps running")
    shots.take(page, "offer")
    offer.get_by_role("link", name="Restore the autosaved text").click()
    expect(page.get_by_label("Title")).to_have_value("Night ferry keeps running")
    expect(page.locator(BODY_EDITOR)).to_contain_text("found the money at the last minute")
    page.get_by_label("Section:", exact=True).select_option(label="Politics")
    with page.expect_popup() as popup:
        page.get_by_role("button", name="Preview what you typed").click()
    preview = popup.value
    problems.watch(preview)
    expect(preview.get_by_role("heading", level=1)).to_have_text("Night ferry keeps running")
    expect(preview.locator(".article-body")).to_contain_text("found the money")
    preview.close()
    assert not Article.objects.exists()  # previewing saved nothing
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get()
    assert "found the money at the last minute" in article.body
    assert not ArticleAutosave.objects.exists()
    assert problems.page_errors == []
    assert problems.script_errors == []


def test_an_edit_to_a_saved_article_comes_back_after_the_tab_was_closed(
    new_context, problems, newsroom
):
    article = ArticleFactory(author=newsroom["writer"], section=newsroom["sections"]["politics"])
    context, page = signed_in_writer(new_context, problems)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".article-autosave-status")).to_contain_text("Saved")
    page.locator(BODY_EDITOR).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" The contractor starts on Monday.")
    page.get_by_label("Title").click()  # leaving the body saves at once
    expect(page.locator(".article-autosave-status")).to_have_attribute("data-state", "saved")
    page.close()

    page = context.new_page()
    problems.watch(page)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    offer = page.locator(".article-autosave-offer")
    expect(offer.locator("ins")).to_contain_text(["The contractor starts on Monday."])
    offer.get_by_role("link", name="Restore the autosaved text").click()
    expect(page.locator(BODY_EDITOR)).to_contain_text("The contractor starts on Monday.")
    assert Article.objects.get().version == article.version  # nothing saved over the article


@pytest.mark.parametrize(
    ("form_url", "label"),
    [("/admin/media/image/add/", "Alt text"), ("/admin/articles/article/add/", "Title")],
    ids=["image-form", "article-form"],
)
def test_leaving_a_form_with_unsaved_changes_asks_first(new_context, newsroom, form_url, label):
    page = new_context().new_page()
    page.goto("/")
    log_in_with_login_box(page, "wanda", PASSWORD)
    page.goto(form_url)
    page.on("dialog", lambda dialog: dialog.dismiss())  # "Stay on page"
    page.get_by_label(label).click()
    page.keyboard.type("The east quay at dawn")

    with page.expect_event("dialog") as asked:
        page.evaluate("window.location.href = '/admin/'")

    assert asked.value.type == "beforeunload"
    expect(page.get_by_label(label)).to_have_value("The east quay at dawn")
    if form_url.startswith("/admin/articles/"):
        # Let the autosave of what was typed finish before the test's database goes.
        expect(page.locator(".article-autosave-status")).to_have_attribute("data-state", "saved")


def test_leaving_a_form_without_changes_does_not_ask(new_context, newsroom):
    page = new_context().new_page()
    page.goto("/")
    log_in_with_login_box(page, "wanda", PASSWORD)
    page.goto("/admin/media/image/add/")
    dialogs = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.type) or dialog.dismiss())
    page.get_by_label("Alt text").click()

    page.get_by_role("link", name="Home").first.click()

    expect(page).to_have_url(re.compile(r"/admin/$"))
    assert dialogs == []


def test_the_writer_sees_counts_while_typing_and_hints_before_submitting(
    new_context, problems, shots, newsroom
):
    article = ArticleFactory(
        author=newsroom["writer"],
        section=newsroom["sections"]["politics"],
        title="Op-Ed: the harbour plan",
        dek="",
        body="<p>The council voted on Tuesday.</p>",
    )
    _context, page = signed_in_writer(new_context, problems)
    page.goto(f"/admin/articles/article/{article.pk}/change/")

    expect(page.locator(".article-body-count")).to_have_text("5 words · 1 min read")
    expect(page.locator(".article-title-count")).to_have_text("23 of 70 characters")
    page.locator(BODY_EDITOR).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Work starts in spring.")
    expect(page.locator(".article-body-count")).to_have_text("9 words · 1 min read")
    page.get_by_label("Title").fill("x" * 71)
    expect(page.locator(".article-title-count")).to_have_text("71 of 70 characters")
    expect(page.locator(".article-title-count")).to_have_class(re.compile("count-over"))
    page.get_by_label("Title").fill("Op-Ed: the harbour plan")
    expect(page.locator(".article-autosave-status")).to_have_attribute("data-state", "saved")

    hints = page.locator(".article-style-hints")
    expect(hints).to_contain_text("The body has 5 words; under 300 it reads as a brief.")
    expect(hints).to_contain_text("The summary is empty")
    expect(hints).to_contain_text("choose the Op-Ed kind")
    assert page.locator(BODY_EDITOR).get_attribute("spellcheck") != "false"
    page.set_viewport_size({"width": 1280, "height": 1100})
    shot = shots.take(page, "counts-and-hints")
    update_docs_screenshot(shot, "editor-word-count-and-hints.png")
    assert problems.page_errors == []
    assert problems.script_errors == []


def test_an_autosave_after_someone_else_saved_says_so_and_keeps_the_text(
    new_context, problems, newsroom
):
    article = ArticleFactory(author=newsroom["writer"], section=newsroom["sections"]["politics"])
    _context, page = signed_in_writer(new_context, problems)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    moderators_copy = Article.objects.get(pk=article.pk)
    moderators_copy.title = "The moderator's headline"
    services.edit_article(moderators_copy, newsroom["moderator"], tags=[])

    page.get_by_label("Title").fill("The writer's headline")
    status = page.locator(".article-autosave-status")
    expect(status).to_have_attribute("data-state", "saved")
    expect(status).to_contain_text("Morgan Reed saved this article on")
    expect(status).to_have_class(re.compile("warning"))

    assert ArticleAutosave.objects.get().fields["title"] == "The writer's headline"
    assert Article.objects.get(pk=article.pk).title == "The moderator's headline"
