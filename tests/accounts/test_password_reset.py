from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.accounts.conftest import PASSWORD, link_in_last_mail

pytestmark = pytest.mark.django_db

RESET_URL = "/accounts/password/reset/"
NEW_PASSWORD = "Quay-Lantern-1987"


def _request_reset(client, email="reader@example.test"):
    return client.post(RESET_URL, {"email": email})


def _set_new_password(client, link, password=NEW_PASSWORD):
    """Follow the emailed link and submit a new password, like a reader would."""
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    return client.post(form_url, {"password1": password, "password2": password})


def test_reset_email_carries_a_one_time_link(client, verified_user):
    response = _request_reset(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["reader@example.test"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_reset_email_names_the_site_and_the_link_lifetime(client, verified_user):
    _request_reset(client)

    message = mail.outbox[0]
    assert message.subject == "Reset your Newsroom password"
    assert "The link works once, within 60 minutes." in message.body


def test_unknown_email_gets_the_same_answer_and_no_mail(client, verified_user):
    known = _request_reset(client)
    mail.outbox.clear()

    unknown = _request_reset(client, email="nobody@example.test")

    assert unknown.status_code == known.status_code
    assert unknown["Location"] == known["Location"]
    assert mail.outbox == []


def test_reset_link_sets_a_new_password(client, verified_user):
    _request_reset(client)

    response = _set_new_password(client, link_in_last_mail("/password/reset/key/"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/key/done/"
    verified_user.refresh_from_db()
    assert verified_user.check_password(NEW_PASSWORD)


def test_reset_link_works_only_once(client, verified_user):
    _request_reset(client)
    link = link_in_last_mail("/password/reset/key/")
    _set_new_password(client, link)

    second_visit = Client().get(link, follow=True)

    assert b"This link has expired or was already used" in second_visit.content
    assert b'name="password1"' not in second_visit.content


def test_reset_link_expires_after_an_hour(client, verified_user):
    _request_reset(client)
    link = link_in_last_mail("/password/reset/key/")

    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        response = client.get(link, follow=True)

    assert b"This link has expired or was already used" in response.content
    verified_user.refresh_from_db()
    assert verified_user.check_password(PASSWORD)


def test_reset_link_still_works_within_the_hour(client, verified_user):
    _request_reset(client)
    link = link_in_last_mail("/password/reset/key/")

    with time_machine.travel(timezone.now() + timedelta(minutes=55)):
        response = _set_new_password(client, link)

    assert response.status_code == 302
    verified_user.refresh_from_db()
    assert verified_user.check_password(NEW_PASSWORD)


def test_weak_new_password_is_refused_by_the_validators(client, verified_user):
    _request_reset(client)

    response = _set_new_password(client, link_in_last_mail("/password/reset/key/"), "12345678")

    page = response.content.decode()
    assert response.status_code == 200
    assert "This password is too common." in page
    assert 'aria-invalid="true"' in page
    verified_user.refresh_from_db()
    assert verified_user.check_password(PASSWORD)


def test_reset_logs_out_the_users_other_sessions(verified_user):
    laptop = Client()
    laptop.post("/accounts/login/", {"login": "reader", "password": PASSWORD})
    assert SESSION_KEY in laptop.session
    phone = Client()

    _request_reset(phone)
    _set_new_password(phone, link_in_last_mail("/password/reset/key/"))

    response = laptop.get("/accounts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_too_many_reset_requests_get_the_rate_limit_page(client, verified_user, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/m/ip"}
    _request_reset(client)
    _request_reset(client)

    response = _request_reset(client)

    assert response.status_code == 429
    assert b"Too many attempts" in response.content
