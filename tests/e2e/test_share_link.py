"""A writer shares an unpublished article's preview with someone without an account, then
revokes the link, or lets it run out."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, log_in_with_login_box, update_docs_screenshot
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_shared_preview_opens_for_a_stranger_until_revoked(
    new_context, problems, shots, newsroom
):
    article = ArticleFactory(
        author=newsroom["writer"],
        section=newsroom["sections"]["politics"],
        title="Harbour contract goes to the lowest bidder",
        body="<p>The council will sign on Friday, subject to the lawyers.</p>",
    )
    writer = new_context().new_page()
    problems.watch(writer)
    writer.goto("/")
    log_in_with_login_box(writer, "wanda", PASSWORD)
    writer.goto(f"/admin/articles/article/{article.pk}/change/")
    sharing = writer.locator(".article-share-links")
    expect(sharing.get_by_label("Works for (hours)")).to_have_value("48")
    sharing.get_by_role("button", name="Make a share link").click()
    expect(writer.locator(".messagelist")).to_contain_text("Share link made")
    address = writer.get_by_role("textbox", name="Share link address").input_value()
    assert re.search(r"/preview/shared/[\w-]{40,}/$", address)

    stranger = new_context().new_page()
    problems.watch(stranger)
    stranger.goto(address)
    expect(stranger.get_by_role("status")).to_contain_text("Preview — not published")
    expect(stranger.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(stranger.locator(".login-box")).not_to_contain_text("Logged in as")
    assert stranger.context.cookies() == []
    shot = shots.take(stranger, "shared-preview")
    update_docs_screenshot(shot, "shared-preview.png")

    writer.locator(".article-share-link-list").get_by_role("button", name="Revoke").click()
    expect(writer.locator(".messagelist")).to_contain_text("revoked")
    response = stranger.goto(address)
    assert response.status == 410
    expect(stranger.get_by_role("main")).to_contain_text("This preview link was revoked")
    assert problems.page_errors == []
    assert problems.script_errors == []


def test_a_shared_preview_stops_opening_once_its_time_is_up(new_context, problems, newsroom):
    article = ArticleFactory(
        author=newsroom["writer"],
        section=newsroom["sections"]["politics"],
        title="Ferry timetable changes before the winter",
        body="<p>Two crossings a day from December, the operator says.</p>",
    )
    writer = new_context().new_page()
    problems.watch(writer)
    writer.goto("/")
    log_in_with_login_box(writer, "wanda", PASSWORD)
    writer.goto(f"/admin/articles/article/{article.pk}/change/")
    sharing = writer.locator(".article-share-links")
    sharing.get_by_label("Works for (hours)").fill("2")
    sharing.get_by_role("button", name="Make a share link").click()
    expect(writer.locator(".messagelist")).to_contain_text("Share link made")
    address = writer.get_by_role("textbox", name="Share link address").input_value()

    stranger = new_context().new_page()
    problems.watch(stranger)
    assert stranger.goto(address).status == 200
    # The live server runs in this process, so moving its clock moves the server's.
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1)):
        response = stranger.goto(address)
    assert response.status == 410
    expect(stranger.get_by_role("main")).to_contain_text("This preview link expired on")
    expect(stranger.get_by_role("main")).not_to_contain_text(article.title)
    assert problems.page_errors == []
