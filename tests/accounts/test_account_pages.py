import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from accounts.roles import make_writer
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ACCOUNT_PAGES = [
    "/accounts/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/3rdparty/",
]


@pytest.mark.parametrize("url", ACCOUNT_PAGES)
def test_account_pages_send_anonymous_readers_to_log_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(f"/accounts/login/?next={url}")


@pytest.mark.parametrize("url", ACCOUNT_PAGES)
def test_account_pages_render_in_the_site_design(client, verified_user, url):
    client.force_login(verified_user)

    response = client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in page
    assert '<meta name="robots" content="noindex">' in page
    assert 'aria-label="Your account"' in page


def test_account_overview_links_email_and_password_pages(client, verified_user):
    client.force_login(verified_user)

    page = client.get("/accounts/").content.decode()

    assert "reader@example.test (primary)" in page
    assert 'href="/accounts/email/"' in page
    assert 'href="/accounts/password/change/"' in page
    assert "author profile" not in page


def test_account_overview_links_a_writers_author_profile(client, verified_user):
    make_writer(verified_user)
    client.force_login(verified_user)

    page = client.get("/accounts/").content.decode()

    profile = verified_user.profile
    assert f'href="/admin/accounts/authorprofile/{profile.pk}/change/"' in page
    assert f'href="{profile.get_absolute_url()}"' in page


def test_header_shows_account_link_and_post_logout_when_logged_in(client, verified_user):
    client.force_login(verified_user)

    page = client.get("/accounts/").content.decode()
    box = page.split('class="login-box"')[1].split("</div>")[0]

    assert 'href="/accounts/"' in box
    assert 'action="/accounts/logout/"' in box
    assert 'method="post"' in box


def test_password_change_keeps_this_session_and_ends_the_others(verified_user):
    laptop, phone = Client(), Client()
    for browser in (laptop, phone):
        browser.post("/accounts/login/", {"login": "reader", "password": PASSWORD})

    response = laptop.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "Lighthouse-Keeper-42",
            "password2": "Lighthouse-Keeper-42",
        },
    )

    assert response.status_code == 302
    assert laptop.get("/accounts/").status_code == 200
    assert phone.get("/accounts/").status_code == 302
    assert SESSION_KEY not in phone.session


def test_adding_an_email_address_sends_a_verification(client, verified_user, mailoutbox):
    client.force_login(verified_user)

    client.post("/accounts/email/", {"action_add": "", "email": "second@example.test"})

    assert verified_user.emailaddress_set.filter(email="second@example.test").exists()
    assert mailoutbox[-1].to == ["second@example.test"]
