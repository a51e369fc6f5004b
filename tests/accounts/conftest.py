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
