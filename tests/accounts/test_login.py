import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
THIRTY_DAYS = 30 * 24 * 60 * 60


def _logged_in(client):
    return SESSION_KEY in client.session


def test_login_page_shows_the_login_box_fields(client):
    response = client.get(LOGIN_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in page
    assert '<label for="id_login">Email or username</label>' in page
    assert '<label for="id_password">Password</label>' in page
    assert '<label for="id_remember">Remember me</label>' in page
    assert "Forgot password?" in page
    assert 'href="/accounts/signup/"' in page
    assert "Log in with Twitter" not in page


def test_login_without_remember_me_ends_with_the_browser(client, verified_user):
    response = client.post(LOGIN_URL, {"login": "reader", "password": PASSWORD})

    assert response.status_code == 302
    assert client.session.get_expire_at_browser_close()
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""


def test_login_with_remember_me_lasts_thirty_days(client, verified_user):
    response = client.post(
        LOGIN_URL, {"login": "reader@example.test", "password": PASSWORD, "remember": "on"}
    )

    assert response.status_code == 302
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == THIRTY_DAYS
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == THIRTY_DAYS
    assert cookie["expires"]


def test_remember_me_length_follows_the_session_setting(client, verified_user, settings):
    settings.SESSION_COOKIE_AGE = 7 * 24 * 60 * 60

    response = client.post(LOGIN_URL, {"login": "reader", "password": PASSWORD, "remember": "on"})

    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 7 * 24 * 60 * 60


def test_wrong_password_shows_an_error_tied_to_the_form(client, verified_user):
    response = client.post(LOGIN_URL, {"login": "reader", "password": "not-my-password"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page
    assert "not correct" in page
    assert not _logged_in(client)


def test_login_page_form_with_csrf_token_logs_in_under_csrf_checks(verified_user):
    browser = Client(enforce_csrf_checks=True)
    browser.get(LOGIN_URL)
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value

    response = browser.post(
        LOGIN_URL, {"login": "reader", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert _logged_in(browser)


def test_header_box_login_from_our_own_page_is_accepted(verified_user):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(
        LOGIN_URL,
        {"login": "reader", "password": PASSWORD, "next": "/search/?q=harbour"},
        headers={"Sec-Fetch-Site": "same-origin"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/search/?q=harbour"
    assert _logged_in(browser)


def test_header_box_login_with_our_origin_header_is_accepted(verified_user):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(
        LOGIN_URL,
        {"login": "reader", "password": PASSWORD},
        headers={"Origin": "http://testserver"},
    )

    assert response.status_code == 302
    assert _logged_in(browser)


def test_login_posted_from_another_site_is_refused(verified_user):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(
        LOGIN_URL,
        {"login": "reader", "password": PASSWORD},
        headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    )

    assert response.status_code == 403
    assert not _logged_in(browser)


def test_login_with_a_foreign_origin_and_no_fetch_metadata_is_refused(verified_user):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(
        LOGIN_URL,
        {"login": "reader", "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
    )

    assert response.status_code == 403
    assert not _logged_in(browser)


def test_login_without_token_or_origin_proof_is_refused(verified_user):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(LOGIN_URL, {"login": "reader", "password": PASSWORD})

    assert response.status_code == 403
    assert not _logged_in(browser)


def test_same_site_subdomain_is_not_proof_enough(verified_user):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(
        LOGIN_URL,
        {"login": "reader", "password": PASSWORD},
        headers={"Sec-Fetch-Site": "same-site"},
    )

    assert response.status_code == 403


def test_header_box_is_rendered_without_csrf_token_or_cookie(client, verified_user):
    response = client.get("/accounts/password/reset/done/")

    box = response.content.decode().split('class="login-box"')[1].split("</form>")[0]
    assert "csrfmiddlewaretoken" not in box
    assert 'name="remember"' in box
    assert 'href="/accounts/password/reset/"' in box


def test_logout_by_get_is_refused(client, verified_user):
    client.force_login(verified_user)

    response = client.get("/accounts/logout/")

    assert response.status_code == 200
    assert b"Log out of your account on this browser?" in response.content
    assert _logged_in(client)


def test_logout_by_post_ends_the_session(client, verified_user):
    client.force_login(verified_user)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert not _logged_in(client)


def test_repeated_failed_logins_are_stopped_with_a_clear_message(client, verified_user):
    for _ in range(5):
        client.post(LOGIN_URL, {"login": "reader", "password": "guess"})

    response = client.post(LOGIN_URL, {"login": "reader", "password": PASSWORD})

    assert b"Too many failed login attempts" in response.content
    assert not _logged_in(client)


def test_too_many_login_requests_get_the_rate_limit_page(client, verified_user, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    for _ in range(2):
        client.post(LOGIN_URL, {"login": "reader", "password": "guess"})

    response = client.post(LOGIN_URL, {"login": "reader", "password": "guess"})

    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert b"Please wait a few minutes" in response.content


def test_front_page_with_the_login_box_stays_cookie_free(client):
    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'action="/accounts/login/"' in page
    assert 'name="next" value="/"' in page
    assert "csrfmiddlewaretoken" not in page
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
