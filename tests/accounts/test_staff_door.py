from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client

from accounts.models import SecurityEvent
from accounts.passwords import StaffPasswordValidator
from accounts.roles import make_moderator
from tests.accounts.conftest import activate_totp, log_in, totp_code
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

NINE_AM = datetime(2026, 12, 1, 9, 0, 0, tzinfo=UTC)


@pytest.fixture
def mfa_required(settings):
    settings.STAFF_MFA_REQUIRED = True


@pytest.fixture
def clock():
    with time_machine.travel(NINE_AM, tick=False) as traveller:
        yield traveller


def test_admin_login_leads_to_the_site_login_and_back(client):
    response = client.get("/admin/login/?next=/admin/articles/article/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Farticles%2Farticle%2F"


def test_staff_without_second_factor_is_sent_to_set_one_up(client, staff_writer, mfa_required):
    log_in(client, "writer")

    for page in ("/admin/", "/admin/articles/article/", "/accounts/"):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_staff_without_second_factor_may_still_read_the_site(client, staff_writer, mfa_required):
    log_in(client, "writer")

    assert client.get("/").status_code == 200


def test_second_factor_is_not_demanded_when_the_setting_is_off(client, staff_writer, settings):
    settings.STAFF_MFA_REQUIRED = False
    log_in(client, "writer")

    assert client.get("/admin/").status_code == 200


def test_reader_is_never_asked_for_a_second_factor(client, verified_user, mfa_required):
    log_in(client, "reader")

    assert client.get("/accounts/").status_code == 200


def test_totp_setup_then_login_with_a_real_code(client, staff_writer, mfa_required, clock):
    log_in(client, "writer")
    secret = activate_totp(client, NINE_AM.timestamp())
    assert client.get("/admin/").status_code == 200
    client.post("/accounts/logout/")

    clock.shift(timedelta(minutes=1))
    response = log_in(client, "writer")
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert SESSION_KEY not in client.session
    response = client.post(
        "/accounts/2fa/authenticate/", {"code": totp_code(secret, NINE_AM.timestamp() + 60)}
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert Authenticator.objects.filter(user=staff_writer, type="recovery_codes").exists()


def test_wrong_totp_code_keeps_the_door_shut(client, staff_writer, mfa_required, clock):
    log_in(client, "writer")
    activate_totp(client, NINE_AM.timestamp())
    client.post("/accounts/logout/")

    log_in(client, "writer")
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.LOGIN_FAILED, user=staff_writer
    ).exists()


def test_staff_cannot_remove_their_only_second_factor(client, staff_writer, mfa_required, clock):
    log_in(client, "writer")
    activate_totp(client, NINE_AM.timestamp())

    client.post("/accounts/2fa/totp/deactivate/")

    assert Authenticator.objects.filter(user=staff_writer, type="totp").exists()


def test_staff_login_and_failed_login_are_in_the_audit_log(client, staff_writer):
    log_in(client, "writer", password="wrong-password-here", HTTP_USER_AGENT="Test Browser")
    log_in(client, "writer", HTTP_USER_AGENT="Test Browser")

    kinds = list(
        SecurityEvent.objects.filter(user=staff_writer)
        .order_by("id")
        .values_list("kind", "ip_address", "user_agent")
    )
    assert ("login_failed", "127.0.0.1", "Test Browser") in kinds
    assert kinds[-1] == ("login", "127.0.0.1", "Test Browser")


def test_reader_logins_are_not_in_the_audit_log(client, verified_user):
    log_in(client, "reader")

    assert not SecurityEvent.objects.filter(user=verified_user).exists()


def test_second_factor_added_is_in_the_audit_log(
    client, staff_writer, clock, django_capture_on_commit_callbacks, settings
):
    # The notice mail needs the request allauth keeps, gone once the test runs the
    # on-commit callbacks; the mail is tested with the account notifications.
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = False
    log_in(client, "writer")
    with django_capture_on_commit_callbacks(execute=True):
        activate_totp(client, NINE_AM.timestamp())

    assert SecurityEvent.objects.filter(
        user=staff_writer, kind=SecurityEvent.Kind.MFA_ADDED
    ).exists()


def test_role_changes_are_in_the_audit_log_with_who_made_them(db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    reader = UserFactory(username="soon-moderator")
    admin_browser = Client()
    admin_browser.force_login(admin)

    make_moderator(reader)
    reader.groups.remove(Group.objects.get(name="Moderators"))
    reader.is_superuser = True
    reader.save()

    details = list(
        SecurityEvent.objects.filter(user=reader, kind="role_changed")
        .order_by("id")
        .values_list("detail", flat=True)
    )
    assert details == [
        "added to Moderators",
        "is_staff=on",
        "removed from Moderators",
        "is_superuser=on",
    ]


def test_moderator_reads_the_audit_log_but_cannot_change_it(client, staff_writer):
    moderator = make_moderator(UserFactory())
    log_in(Client(), "writer")
    event = SecurityEvent.objects.filter(kind="login").latest("id")
    client.force_login(moderator)

    assert client.get("/admin/accounts/securityevent/").status_code == 200
    assert client.get(f"/admin/accounts/securityevent/{event.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/accounts/securityevent/{event.pk}/change/", {"detail": "nothing happened"}
    )
    assert response.status_code == 403
    assert client.post(f"/admin/accounts/securityevent/{event.pk}/delete/").status_code == 403
    event.refresh_from_db()
    assert event.detail == ""


def test_writer_cannot_read_the_audit_log(client, staff_writer):
    client.force_login(staff_writer)

    assert client.get("/admin/accounts/securityevent/").status_code == 403


def test_idle_staff_session_ends_after_the_staff_limit(client, staff_writer, settings, clock):
    settings.STAFF_SESSION_IDLE_SECONDS = 3600
    log_in(client, "writer")
    assert client.get("/admin/").status_code == 200

    clock.shift(timedelta(minutes=59))
    assert client.get("/admin/").status_code == 200
    clock.shift(timedelta(minutes=61))
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert SESSION_KEY not in client.session


def test_idle_reader_session_lasts(client, verified_user, settings, clock):
    settings.STAFF_SESSION_IDLE_SECONDS = 3600
    client.post("/accounts/login/", {"login": "reader", "password": "correct-horse-battery"})

    clock.shift(timedelta(hours=5))

    assert client.get("/accounts/").status_code == 200


def test_log_out_everywhere_ends_every_session(staff_writer):
    laptop, phone = Client(), Client()
    log_in(laptop, "writer")
    log_in(phone, "writer")

    response = laptop.post("/accounts/logout-everywhere/")

    assert response.status_code == 302
    assert laptop.get("/accounts/").status_code == 302
    assert phone.get("/accounts/").status_code == 302
    assert SecurityEvent.objects.filter(kind="logged_out_everywhere", user=staff_writer).exists()


def test_account_page_offers_log_out_everywhere(client, verified_user):
    client.force_login(verified_user)

    page = client.get("/accounts/").content.decode()

    assert 'action="/accounts/logout-everywhere/"' in page
    assert 'href="/accounts/2fa/"' in page


@pytest.mark.parametrize("password", ["Newsroom1", "Summer2026", "letmein!!", "Newsroom2026!!"])
def test_staff_refused_guessable_passwords(staff_writer, password):
    with pytest.raises(ValidationError):
        StaffPasswordValidator().validate(password, staff_writer)


def test_staff_refused_a_short_password(staff_writer):
    with pytest.raises(ValidationError, match="at least 12"):
        StaffPasswordValidator().validate("Xq7#vR2!kP", staff_writer)


@pytest.mark.parametrize("password", ["Summer2026", "Winter-2025!!", "P@ssw0rd2024"])
def test_staff_pattern_rules_catch_long_guessable_passwords(staff_writer, password):
    with pytest.raises(ValidationError):
        StaffPasswordValidator(min_length=8).validate(password, staff_writer)


def test_staff_accepts_a_long_unguessable_password(staff_writer):
    StaffPasswordValidator().validate("harbour lantern quietly sixteen", staff_writer)


def test_readers_keep_the_ordinary_password_rules(verified_user):
    StaffPasswordValidator().validate("Summer2026", verified_user)


def test_tag_suggestions_leave_out_another_writers_draft_tags(client, staff_writer):
    other = UserFactory()
    ArticleFactory(author=other, status="draft", tags=["merger-secret"])
    ArticleFactory(published=True, tags=["mergers"])
    ArticleFactory(author=staff_writer, status="draft", tags=["merger-mine"])
    client.force_login(staff_writer)

    response = client.get("/admin/articles/article/tag-suggestions/", {"q": "merg"})

    assert response.json() == {"tags": ["merger-mine", "mergers"]}


def test_tag_used_only_by_drafts_is_not_found(client):
    ArticleFactory(status="draft", tags=["embargoed"])

    assert client.get("/tag/embargoed/").status_code == 404
    assert client.get("/feeds/tag/embargoed/").status_code == 404
