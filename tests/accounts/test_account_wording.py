"""One wording on every account page and mail: "Log in", "Log out", "Sign up", our own sentences."""

import re

import pytest
from django.core import mail

from masthead.models import SiteSettings
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# Other words for the same acts, and allauth's stock phrases that must not reach a reader.
OTHER_WORDING = re.compile(
    r"(?i:sign[ -]?in|signed in|sign[ -]?out|signed out|third-party|you are receiving this)"
    r"|Signup|Sign Up|Verify Your Email"
)
ANONYMOUS_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
LOGGED_IN_PAGES = [
    "/accounts/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/3rdparty/",
    "/accounts/logout/",
]


def visible_text(html):
    return re.sub(r"<[^>]+>", " ", html.split("<body", 1)[1])


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_entrance_pages_use_one_wording(client, url):
    page = client.get(url).content.decode()

    assert not OTHER_WORDING.findall(visible_text(page))


@pytest.mark.parametrize("url", LOGGED_IN_PAGES)
def test_account_pages_use_one_wording(client, verified_user, url):
    client.force_login(verified_user)

    page = client.get(url).content.decode()

    assert not OTHER_WORDING.findall(visible_text(page))


def test_signup_page_is_titled_sign_up(client):
    page = client.get("/accounts/signup/").content.decode()

    assert "<title>Sign up · " in page
    assert "<h1>Sign up</h1>" in page


def test_verification_page_after_signup_is_ours(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.test",
            "username": "newreader",
            "password1": "a-long-enough-passphrase-7",
            "password2": "a-long-enough-passphrase-7",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "<h1>Check your email</h1>" in page
    assert not OTHER_WORDING.findall(visible_text(page))


def test_changing_the_password_mails_the_owner(client, verified_user):
    SiteSettings.objects.filter(pk=1).update(site_name="The Harbour Post")
    client.force_login(verified_user)

    client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "another-long-passphrase-9",
            "password2": "another-long-passphrase-9",
        },
    )

    [message] = mail.outbox
    assert message.to == [verified_user.email]
    assert message.subject == "Your The Harbour Post password was changed"
    assert "The password of your account was just changed." in message.body
    assert "Forgot password?" in message.body
    assert not OTHER_WORDING.findall(message.body)
