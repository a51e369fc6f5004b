"""The staff door, tried as an attacker would. Kept in the suite so a change that reopens
one of these holes fails here."""

import re
import statistics
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client

from tests.accounts.conftest import PASSWORD, activate_totp, log_in, totp_code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NINE_AM = datetime(2026, 12, 1, 9, 0, 0, tzinfo=UTC)


class MeasurablePBKDF2Hasher(PBKDF2PasswordHasher):
    """Slow enough that one hash more or less shows above the database's noise."""

    iterations = 250_000


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor", email="editor@example.test", is_staff=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _page_without_tokens(response):
    return re.sub(r'value="[^"]*"', 'value=""', response.content.decode())


# Brute force


def test_public_login_door_slows_a_guesser_down(editor):
    attacker = Client()
    for attempt in range(5):
        log_in(attacker, "editor", password=f"guess-{attempt}")

    response = log_in(attacker, "editor")

    assert "Too many failed login attempts" in response.content.decode()
    assert SESSION_KEY not in attacker.session


def test_admin_login_door_takes_no_password_at_all(editor):
    attacker = Client()
    for attempt in range(25):
        response = attacker.post(
            "/admin/login/", {"username": "editor", "password": f"guess-{attempt}"}
        )
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    response = attacker.post("/admin/login/", {"username": "editor", "password": PASSWORD})

    assert SESSION_KEY not in attacker.session


def test_a_guesser_does_not_lock_the_owner_out(editor):
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for attempt in range(20):
        log_in(attacker, "editor", password=f"guess-{attempt}")

    owner = Client(REMOTE_ADDR="198.51.100.7")
    response = log_in(owner, "editor")

    assert response.status_code == 302
    assert SESSION_KEY in owner.session


# Enumeration


def test_login_answers_the_same_for_a_known_and_an_unknown_address(editor):
    known = log_in(Client(), "editor@example.test", password="wrong-password-1")
    unknown = log_in(Client(), "nobody@example.test", password="wrong-password-1")

    assert known.status_code == unknown.status_code == 200
    assert _page_without_tokens(known) == _page_without_tokens(unknown)


def test_reset_answers_the_same_for_a_known_and_an_unknown_address(editor):
    known = Client().post("/accounts/password/reset/", {"email": "editor@example.test"})
    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.test"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def _sign_up(email, username):
    return Client().post(
        "/accounts/signup/",
        {"email": email, "username": username, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_signup_answers_the_same_for_a_known_and_an_unknown_address(editor):
    known = _sign_up("editor@example.test", "someone-new")
    unknown = _sign_up("fresh@example.test", "someone-else")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_login_hashes_once_whatever_the_address(editor, monkeypatch, settings):
    hashes = []
    original = PBKDF2PasswordHasher.encode

    def counting(self, password, salt, iterations=None):
        hashes.append(1)
        return original(self, password, salt, iterations)

    monkeypatch.setattr(PBKDF2PasswordHasher, "encode", counting)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    editor.set_password(PASSWORD)
    editor.save()

    counts = {}
    for login in ("editor@example.test", "nobody@example.test", "editor", "nobody"):
        hashes.clear()
        log_in(Client(), login, password="wrong-password-1")
        counts[login] = len(hashes)

    assert set(counts.values()) == {1}, counts


def _median_seconds(call, repeats=7):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@pytest.fixture
def measurable_hasher(settings, editor):
    settings.PASSWORD_HASHERS = ["tests.security.test_hostile.MeasurablePBKDF2Hasher"]
    editor.set_password(PASSWORD)
    editor.save()
    hasher = MeasurablePBKDF2Hasher()
    return _median_seconds(lambda: hasher.encode("x", hasher.salt()))


def _interleaved_medians(first, second, repeats=9):
    """Medians of ``first`` and ``second`` timed in turn, so a busy machine slows both alike."""
    times = ([], [])
    for _ in range(repeats):
        for call, found in zip((first, second), times, strict=True):
            start = time.perf_counter()
            call()
            found.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def test_login_timing_does_not_tell_a_known_address(editor, measurable_hasher, settings):
    settings.ACCOUNT_RATE_LIMITS = False

    known, unknown = _interleaved_medians(
        lambda: log_in(Client(), "editor@example.test", "wrong-pass-1"),
        lambda: log_in(Client(), "nobody@example.test", "wrong-pass-1"),
    )

    # Generous: the difference stays under half of one password hash (telling the two apart
    # used to cost a whole extra hash; the hash count itself is pinned above).
    assert abs(known - unknown) < measurable_hasher / 2


def test_signup_timing_does_not_tell_a_known_address(editor, measurable_hasher, settings):
    settings.ACCOUNT_RATE_LIMITS = False
    numbers = iter(range(100))

    known = _median_seconds(lambda: _sign_up("editor@example.test", f"known{next(numbers)}"))
    unknown = _median_seconds(
        lambda: _sign_up(f"new{next(numbers)}@example.test", f"new{next(numbers)}")
    )

    # A new account also writes two rows and a key (tens of milliseconds); without the
    # throwaway hash the known address answered a whole hash faster than that.
    assert abs(known - unknown) < measurable_hasher


# Open redirects


@pytest.mark.parametrize(
    "next_url",
    [
        "//evil.example",
        "/\\evil.example",
        "https:evil.example",
        "https://evil.example/",
        "%2F%2Fevil.example",
        "/%5Cevil.example",
        "\\\\evil.example",
        "https:/evil.example",
    ],
)
def test_login_never_sends_to_another_site(editor, next_url):
    browser = Client()
    response = browser.post(
        "/accounts/login/", {"login": "editor", "password": PASSWORD, "next": next_url}
    )

    assert response.status_code == 302
    target = urlsplit(urljoin("http://testserver/accounts/login/", response["Location"]))
    assert target.netloc == "testserver"
    assert not target.path.startswith(("//", "/\\"))


# Login CSRF


@pytest.mark.parametrize("origin", ["https://evil.example", "null", None])
@pytest.mark.parametrize("door", ["/accounts/login/", "/admin/login/"])
def test_login_from_another_origin_is_refused(editor, door, origin):
    browser = Client(enforce_csrf_checks=True)
    headers = {"Origin": origin} if origin else {}

    browser.post(
        door, {"login": "editor", "username": "editor", "password": PASSWORD}, headers=headers
    )

    assert SESSION_KEY not in browser.session


# Session fixation


def test_login_gives_a_new_session_key(editor):
    browser = Client()
    browser.get("/accounts/login/")
    browser.session["planted"] = True
    planted = browser.session
    planted.save()
    browser.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key

    log_in(browser, "editor")

    assert SESSION_KEY in browser.session
    assert browser.session.session_key != planted.session_key


# Second-factor bypass


@pytest.fixture
def editor_with_totp(editor, settings):
    settings.STAFF_MFA_REQUIRED = True
    with time_machine.travel(NINE_AM, tick=False) as clock:
        browser = Client()
        log_in(browser, "editor")
        secret = activate_totp(browser, NINE_AM.timestamp())
        yield secret, clock


def test_skipping_the_second_step_by_url_gets_nothing(editor_with_totp):
    browser = Client()
    log_in(browser, "editor")

    for page in ("/admin/", "/accounts/", "/accounts/2fa/totp/activate/"):
        response = browser.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(("/accounts/login/", "/admin/login/"))
    assert SESSION_KEY not in browser.session


def test_a_used_totp_code_cannot_be_replayed(editor_with_totp):
    secret, clock = editor_with_totp
    clock.shift(timedelta(seconds=30))
    code = totp_code(secret, NINE_AM.timestamp() + 30)
    first = Client()
    log_in(first, "editor")
    first.post("/accounts/2fa/authenticate/", {"code": code})
    assert SESSION_KEY in first.session

    thief = Client()
    log_in(thief, "editor")
    thief.post("/accounts/2fa/authenticate/", {"code": code})

    assert SESSION_KEY not in thief.session
