"""The reader site on a phone and in the dark: the Menu button, dark mode, feeds and typos."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from articles.search import learn_words
from tests.e2e.conftest import SITE_NAME, update_docs_screenshot
from tests.e2e.test_accessibility import run_axe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

IPHONE = {"width": 390, "height": 844}
# What the header may take on a phone before the content starts.
HEADER_LIMIT_PX = 160


def header_height(page):
    return page.evaluate(
        "() => document.querySelector('.site-header').getBoundingClientRect().bottom"
    )


def sections(page):
    return page.get_by_role("navigation", name="Sections")


def test_phone_header_is_short_and_its_menu_opens_with_the_keyboard(
    new_context, public_site, shots
):
    page = new_context(viewport=IPHONE).new_page()
    page.goto("/")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".login-box")).to_be_hidden()
    expect(sections(page).get_by_role("link")).to_have_count(0)
    expect(page.get_by_role("search", name="Site search")).to_be_visible()
    closed = header_height(page)
    assert closed < HEADER_LIMIT_PX
    update_docs_screenshot(shots.take(page, "menu-closed"), "phone-header-closed.png")

    menu.focus()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".login-box input[name=login]")).to_be_visible()
    expect(sections(page).get_by_role("link", name="Politics")).to_be_visible()
    update_docs_screenshot(shots.take(page, "menu-open"), "phone-header-open.png")

    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    print(f"\nheader height at 390 px: {closed:.0f} px closed, menu open measured above")


def test_without_script_the_phone_header_stays_open(new_context, public_site):
    page = new_context(viewport=IPHONE, java_script_enabled=False).new_page()
    page.goto("/")
    expect(page.locator(".menu-button")).to_be_hidden()
    expect(page.locator(".login-box input[name=login]")).to_be_visible()
    expect(sections(page).get_by_role("link", name="Politics")).to_be_visible()


def test_desktop_shows_the_login_box_and_sections_without_a_menu_button(page, public_site):
    page.goto("/")
    expect(page.locator(".menu-button")).to_be_hidden()
    expect(page.locator(".login-box input[name=login]")).to_be_visible()
    expect(sections(page).get_by_role("link", name="Politics")).to_be_visible()


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_public_pages_have_no_axe_violations_in_either_theme(
    new_context, public_site, shots, color_scheme
):
    page = new_context(bypass_csp=True, color_scheme=color_scheme).new_page()
    found = {}
    for path in (
        "/",
        public_site["op_ed"].get_absolute_url(),
        "/section/politics/",
        "/search/?q=harbur",
        "/accounts/login/",
    ):
        page.goto(path)
        found[path] = run_axe(page)
    assert found == {path: [] for path in found}


def test_dark_mode_follows_the_system_setting(new_context, public_site, shots):
    page = new_context(color_scheme="dark").new_page()
    page.goto(public_site["op_ed"].get_absolute_url())
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 18, 18)"
    update_docs_screenshot(shots.take(page, "article-dark"), "article-dark.png")
    page.goto("/")
    update_docs_screenshot(shots.take(page, "home-dark"), "home-dark.png")


def test_a_misspelt_search_offers_a_did_you_mean_link(page, public_site, shots):
    learn_words(public_site["op_ed"])
    page.goto("/")
    page.get_by_role("search", name="Site search").get_by_role("searchbox").fill("harbur")
    page.get_by_role("search", name="Site search").get_by_role("button").click()
    suggestion = page.get_by_role("link", name="harbour", exact=True)
    expect(suggestion).to_be_visible()
    update_docs_screenshot(shots.take(page, "did-you-mean"), "search-did-you-mean.png")
    suggestion.click()
    expect(page.get_by_role("status")).to_contain_text("4 articles matched")


def test_a_feed_link_leads_to_a_readable_page_with_the_address_to_copy(
    new_context, public_site, shots
):
    page = new_context(bypass_csp=True).new_page()
    page.goto("/section/politics/")
    expect(page.get_by_role("link", name="Follow Latest News in a feed reader")).to_be_visible()
    page.get_by_role("link", name="Follow in a feed reader", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"{SITE_NAME}: Politics")
    address = page.get_by_label("Feed address (RSS)")
    expect(address).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/feeds/section/politics/$"))
    expect(page.get_by_role("link", name="Harbour budget debate, day 3")).to_be_visible()
    update_docs_screenshot(shots.take(page, "feed-page"), "feed-page.png")
    assert run_axe(page) == []


def test_the_archive_lists_years_and_months_with_counts(page, public_site, shots):
    from django.utils import timezone

    from tests.factories import ArticleFactory

    now = timezone.now()
    for months_ago in (2, 2, 5, 14):
        ArticleFactory(
            published=True,
            section=public_site["sections"]["world"],
            author=public_site["writer"],
            published_at=now - timedelta(days=30 * months_ago),
        )
    page.goto("/")
    page.get_by_role("link", name="Archive", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Archive")
    update_docs_screenshot(shots.take(page, "archive"), "archive.png")

    page.get_by_role("link", name=str(now.year), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(now.year))
    month = timezone.localtime(now).strftime("%B")
    expect(page.get_by_role("link", name=month, exact=True)).to_be_visible()
    update_docs_screenshot(shots.take(page, "archive-year"), "archive-year.png")
