import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core import mail

from accounts.models import User
from tests.accounts.conftest import link_in_last_mail

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "newreader@example.test",
    "username": "newreader",
    "password1": "Harbour-Crane-2026",
    "password2": "Harbour-Crane-2026",
}


def test_signup_page_has_labelled_fields(client):
    response = client.get("/accounts/signup/")

    page = response.content.decode()
    assert response.status_code == 200
    for field in ("email", "username", "password1", "password2"):
        assert f'<label for="id_{field}">' in page


def test_signup_sends_a_verification_email_and_waits_for_it(client):
    response = client.post("/accounts/signup/", SIGNUP)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert mail.outbox[0].to == ["newreader@example.test"]
    assert SESSION_KEY not in client.session
    assert not EmailAddress.objects.get(email="newreader@example.test").verified


def test_reader_cannot_log_in_before_verifying(client):
    client.post("/accounts/signup/", SIGNUP)
    client.logout()

    response = client.post(
        "/accounts/login/", {"login": "newreader", "password": SIGNUP["password1"]}
    )

    assert response["Location"] == "/accounts/confirm-email/"
    assert SESSION_KEY not in client.session


def test_verification_link_confirms_the_address_and_allows_login(client):
    client.post("/accounts/signup/", SIGNUP)
    link = link_in_last_mail("/accounts/confirm-email/")

    confirm_page = client.get(link)
    client.post(link)

    assert b"Confirm" in confirm_page.content
    assert EmailAddress.objects.get(email="newreader@example.test").verified
    client.logout()
    client.post("/accounts/login/", {"login": "newreader", "password": SIGNUP["password1"]})
    assert SESSION_KEY in client.session


def test_signup_errors_are_tied_to_their_fields(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "password2": "something-else"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_password2_error"' in page
    assert 'aria-describedby="id_password2_error"' in page or (
        'aria-describedby="id_password2_helptext id_password2_error"' in page
    )
    assert not User.objects.filter(username="newreader").exists()


def test_signup_with_a_taken_email_does_not_create_a_second_account(client, verified_user):
    client.post("/accounts/signup/", {**SIGNUP, "email": verified_user.email})

    assert not User.objects.filter(username="newreader").exists()


def test_too_many_signups_get_the_rate_limit_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for number in range(2):
        client.post("/accounts/signup/", {**SIGNUP, "username": f"reader{number}", "email": ""})

    response = client.post("/accounts/signup/", SIGNUP)

    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert not User.objects.filter(username="newreader").exists()
