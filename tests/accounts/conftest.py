import json
import re

import pytest
import requests
from allauth.account.models import EmailAddress
from django.core import mail

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture
def verified_user(db):
    """A reader whose email address is verified, so allauth lets them log in."""
    user = UserFactory(username="reader", email="reader@example.test")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def twitter_configured(settings):
    """Twitter login switched on, as TWITTER_CLIENT_ID/SECRET would do in production."""
    settings.TWITTER_CLIENT_ID = "test-client-id"
    settings.TWITTER_CLIENT_SECRET = "test-client-secret"
    settings.SOCIALACCOUNT_PROVIDERS = {
        "twitter_oauth2": {
            **settings.SOCIALACCOUNT_PROVIDERS["twitter_oauth2"],
            "APPS": [{"client_id": "test-client-id", "secret": "test-client-secret", "key": ""}],
        }
    }


def link_in_last_mail(path_fragment):
    """The first link in the newest email whose path contains ``path_fragment``."""
    body = mail.outbox[-1].body
    match = re.search(r"https?://testserver(\S*" + re.escape(path_fragment) + r"\S*)", body)
    assert match, f"no link with {path_fragment!r} in:\n{body}"
    return match.group(1)


class FakeHttp:
    """Stands in for the provider's HTTP API at the ``requests`` layer (as allauth's tests do).

    ``answers`` maps (method, url) to a JSON body; every request made is recorded.
    """

    def __init__(self, answers):
        self.answers = answers
        self.requests = []

    def __call__(self, method, url, *args, **kwargs):
        self.requests.append((method.upper(), url, kwargs))
        body = self.answers[(method.upper(), url)]
        response = requests.Response()
        response.status_code = 200
        response.url = url
        response.headers["Content-Type"] = "application/json"
        response._content = json.dumps(body).encode()
        return response


@pytest.fixture
def fake_http(monkeypatch):
    def install(answers):
        fake = FakeHttp(answers)
        monkeypatch.setattr(
            requests.Session,
            "request",
            lambda session, method, url, *args, **kwargs: fake(method, url, *args, **kwargs),
        )
        return fake

    return install


def totp_code(secret, at):
    """The RFC 6238 code (SHA-1, 6 digits, 30-second steps) of ``secret`` at time ``at``
    (seconds since the epoch), computed here rather than by allauth."""
    import base64
    import hashlib
    import hmac
    import struct

    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


@pytest.fixture
def staff_writer(db):
    """A writer whose address is verified, so allauth lets them log in."""
    from accounts.roles import make_writer

    user = UserFactory(username="writer", email="writer@example.test")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return make_writer(user)


def log_in(client, login, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": login, "password": password}, **extra)


def activate_totp(client, now):
    """Set up an authenticator app for the logged-in client; returns its secret.

    allauth asks for the password again before a second factor is added."""
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7=]+)"', page)
    if secret is None:
        secret = re.search(r'value="([A-Z2-7=]{32})"', page)
    assert secret, page
    secret = secret.group(1)
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret, now)})
    assert response.status_code == 302, response.content.decode()
    return secret
