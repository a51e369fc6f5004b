"""A page the browser cached while logged out is not shown again after logging in or out."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in_with_login_box

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def open_politics_from_the_navigation(page):
    with page.expect_navigation():
        page.get_by_role("navigation", name="Sections").get_by_role("link", name="Politics").click()


def test_a_page_cached_before_login_is_fetched_again_after_login_and_logout(
    page, newsroom, problems
):
    writer = newsroom["writer"]
    page.goto("/section/politics/")
    # The section page is now in the browser's HTTP cache (public, max-age).
    expect(page.locator(".login-box input[name=login]")).to_be_visible()

    page.goto("/")
    log_in_with_login_box(page, writer.username, "correct-horse-battery")
    open_politics_from_the_navigation(page)
    # The login answer's Clear-Site-Data made the browser drop its logged-out copy.
    expect(page.locator(".login-box")).to_contain_text("Log out")

    with page.expect_navigation():
        page.locator(".login-box button", has_text="Log out").click()
    open_politics_from_the_navigation(page)
    expect(page.locator(".login-box input[name=login]")).to_be_visible()
    assert problems.dialogs == []
    assert problems.script_errors == []
    assert problems.page_errors == []
