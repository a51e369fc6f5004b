"""Journey 3, the reader: browse, search, sign up, log in (remembered or not), reset password."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in_with_login_box, session_cookie
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

READER_EMAIL = "rosa.reader@example.test"
FIRST_PASSWORD = "lighthouse-tides-1848"
NEW_PASSWORD = "cormorant-ferry-2031"
THIRTY_DAYS = 30 * 24 * 60 * 60


@pytest.fixture
def reading(newsroom):
    """A few published articles; one tagged "ferries" mentions a word nothing else uses."""
    sections = newsroom["sections"]
    ferry = ArticleFactory(
        published=True,
        title="Night ferry returns to the island route",
        slug="night-ferry-returns",
        dek="The service was cut three winters ago.",
        body=(
            "<p>The night ferry sails again from Monday.</p>"
            "<h2>Timetable</h2><p>Crews trained on the old barquentine for a month.</p>"
        ),
        section=sections["world"],
        author=newsroom["writer"],
        tags=["ferries", "islands"],
    )
    ArticleFactory(
        published=True,
        title="Council debates the harbour budget",
        slug="council-debates-harbour-budget",
        section=sections["politics"],
        author=newsroom["writer"],
        tags=["harbour"],
    )
    return ferry


def test_reader_browses_searches_signs_up_and_resets_password(
    new_context, problems, shots, mailbox, reading
):
    context = new_context()
    page = context.new_page()
    problems.watch(page)

    # Home page -> a tag of its Topics strip -> the article.
    page.goto("/")
    expect(page.get_by_role("link", name=reading.title).first).to_be_visible()
    topics = page.get_by_role("navigation", name="Topics")
    expect(topics.get_by_role("link", name="ferries")).to_be_visible()
    shots.take(page, "home")
    topics.get_by_role("link", name="ferries").click()
    expect(page).to_have_url(re.compile(r"/tag/ferries/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("ferries")
    shots.take(page, "tag")
    page.get_by_role("main").get_by_role("link", name=reading.title).first.click()
    expect(page).to_have_url(re.compile(re.escape(reading.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(reading.title)
    shots.take(page, "article")

    # Search for a word of the body.
    search_box = page.get_by_role("search").get_by_role("searchbox")
    search_box.fill("barquentine")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=barquentine"))
    results = page.get_by_role("main")
    expect(results.get_by_role("link", name=reading.title)).to_be_visible()
    expect(results).not_to_contain_text("Council debates the harbour budget")
    shots.take(page, "search")

    # Sign up and confirm the address from the email.
    page.locator(".login-box").get_by_role("link", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    form = page.get_by_role("main")
    form.get_by_label("Email", exact=True).fill(READER_EMAIL)
    form.get_by_label("Username", exact=True).fill("rosa")
    form.locator("input[name=password1]").fill(FIRST_PASSWORD)
    form.locator("input[name=password2]").fill(FIRST_PASSWORD)
    shots.take(page, "signup-filled")
    page.get_by_role("main").get_by_role("button", name=re.compile("Sign up", re.I)).click()
    expect(page.get_by_role("main")).to_contain_text(re.compile("verif|confirm", re.I))
    shots.take(page, "signup-verification-sent")
    confirmation = mailbox.wait_for(READER_EMAIL, subject_contains="")
    confirm_links = [link for link in mailbox.links_in(confirmation) if "confirm-email" in link]
    assert confirm_links, confirmation.as_string()
    page.goto(confirm_links[0])
    shots.take(page, "confirm-email")
    page.get_by_role("main").get_by_role("button", name=re.compile("Confirm", re.I)).click()
    expect(page.get_by_role("status")).to_contain_text(re.compile("confirmed", re.I))
    shots.take(page, "email-confirmed")

    # Log in with "Remember me": the session cookie outlives the browser (30 days).
    log_out_if_signed_in(page)
    page.goto("/")
    log_in_with_login_box(page, READER_EMAIL, FIRST_PASSWORD, remember=True)
    expect(page.locator(".login-box")).to_contain_text("Logged in as")
    shots.take(page, "signed-in-remembered")
    cookie = session_cookie(context)
    assert cookie is not None
    assert cookie["expires"] > time.time() + THIRTY_DAYS - 3600

    # Without "Remember me": a session cookie that ends with the browser.
    log_out_if_signed_in(page)
    assert session_cookie(context) is None or session_cookie(context)["expires"] == -1
    page.goto("/")
    log_in_with_login_box(page, "rosa", FIRST_PASSWORD, remember=False)
    expect(page.locator(".login-box")).to_contain_text("Logged in as")
    cookie = session_cookie(context)
    assert cookie is not None
    assert cookie["expires"] == -1
    shots.take(page, "signed-in-session-only")

    # Forgot password: the emailed link sets a new one, and the new one works.
    log_out_if_signed_in(page)
    page.goto("/")
    mailbox.clear()
    page.locator(".login-box").get_by_role("link", name="Forgot password?").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/$"))
    page.get_by_role("main").get_by_label("Email", exact=True).fill(READER_EMAIL)
    shots.take(page, "reset-requested")
    page.get_by_role("main").get_by_role("button", name=re.compile("reset", re.I)).click()
    expect(page.get_by_role("main")).to_contain_text(re.compile("sent|check your", re.I))
    shots.take(page, "reset-email-sent")
    reset_email = mailbox.wait_for(READER_EMAIL, subject_contains="")
    reset_links = [link for link in mailbox.links_in(reset_email) if "/password/reset/key/" in link]
    assert reset_links, mailbox.body(reset_email)
    page.goto(reset_links[0])
    page.locator("input[name=password1]").fill(NEW_PASSWORD)
    page.locator("input[name=password2]").fill(NEW_PASSWORD)
    shots.take(page, "new-password")
    page.get_by_role("main").get_by_role("button", name=re.compile("password", re.I)).click()
    expect(page.get_by_role("main")).to_contain_text(re.compile("changed", re.I))
    shots.take(page, "password-changed")
    log_out_if_signed_in(page)
    page.goto("/")
    log_in_with_login_box(page, READER_EMAIL, FIRST_PASSWORD)
    expect(page.locator(".login-box")).not_to_contain_text("Logged in as")
    page.goto("/")
    log_in_with_login_box(page, READER_EMAIL, NEW_PASSWORD)
    expect(page.locator(".login-box")).to_contain_text("Logged in as")
    shots.take(page, "signed-in-with-new-password")
    assert problems.dialogs == []
    assert problems.page_errors == []
    assert problems.script_errors == []
    assert problems.failed_responses == []


def log_out_if_signed_in(page):
    """Log out with the header's POST button, as a reader would."""
    page.goto("/")
    logout = page.locator(".login-box").get_by_role("button", name="Log out")
    if logout.count():
        with page.expect_navigation():
            logout.click()
    expect(page.locator(".login-box input[name=login]")).to_be_visible()
