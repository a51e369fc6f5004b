from urllib.parse import parse_qs, urlparse

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY

from accounts.models import User

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/twitter_oauth2/login/"
CALLBACK_URL = "/accounts/twitter_oauth2/login/callback/"
TOKEN_URL = "https://api.x.com/2/oauth2/token"
PROFILE_URL = "https://api.x.com/2/users/me"


def _x_answers(**profile):
    """What X answers: the token exchange, then /2/users/me for that token."""
    return {
        ("POST", TOKEN_URL): {
            "token_type": "bearer",
            "expires_in": 7200,
            "access_token": "x-access-token",
            "scope": "users.read tweet.read users.email",
        },
        ("GET", PROFILE_URL): {
            "data": {
                "id": "1301152652357595137",
                "name": "Harbour Watcher",
                "username": "harbourwatcher",
                "verified": False,
                **profile,
            }
        },
    }


def _go_to_twitter(client):
    """Confirm "Log in with Twitter" and return the query of the redirect to X."""
    confirm_page = client.get(LOGIN_URL)
    assert confirm_page.status_code == 200
    response = client.post(LOGIN_URL)
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        "https://x.com/i/oauth2/authorize"
    )
    return parse_qs(location.query)


def test_twitter_button_is_hidden_when_not_configured(client):
    response = client.get("/accounts/login/")

    assert b"Log in with Twitter" not in response.content


def test_twitter_button_shows_when_configured(client, twitter_configured):
    response = client.get("/accounts/login/")

    assert b"Log in with Twitter" in response.content
    assert f'href="{LOGIN_URL}"'.encode() in response.content


def test_twitter_login_by_get_only_asks_for_confirmation(client, twitter_configured):
    response = client.get(LOGIN_URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Log in with Twitter" in page
    assert 'method="post"' in page
    assert "csrfmiddlewaretoken" in page


def test_redirect_to_twitter_asks_for_the_profile_and_email(client, twitter_configured):
    query = _go_to_twitter(client)

    assert query["client_id"] == ["test-client-id"]
    assert query["redirect_uri"] == [f"http://testserver{CALLBACK_URL}"]
    assert set(query["scope"][0].split()) == {"users.read", "tweet.read", "users.email"}
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"]


def test_twitter_round_trip_creates_a_new_account(client, twitter_configured, fake_http):
    http = fake_http(_x_answers(confirmed_email="watcher@example.test"))
    state = _go_to_twitter(client)["state"][0]

    response = client.get(CALLBACK_URL, {"code": "x-code", "state": state})

    assert response.status_code == 302
    assert response["Location"] == "/"
    account = SocialAccount.objects.get(provider="twitter_oauth2", uid="1301152652357595137")
    assert account.user.username == "harbourwatcher"
    assert EmailAddress.objects.get(user=account.user).verified
    assert client.session[SESSION_KEY] == str(account.user.pk)
    token_call, profile_call = http.requests
    assert token_call[2]["data"]["code"] == "x-code"
    assert "confirmed_email" in profile_call[2]["params"]["user.fields"]
    assert profile_call[2]["headers"]["Authorization"] == "Bearer x-access-token"


def test_twitter_login_connects_to_the_account_with_the_same_verified_email(
    client, twitter_configured, fake_http, verified_user
):
    fake_http(_x_answers(confirmed_email="reader@example.test"))
    state = _go_to_twitter(client)["state"][0]

    response = client.get(CALLBACK_URL, {"code": "x-code", "state": state})

    assert response.status_code == 302
    assert User.objects.count() == 1
    assert SocialAccount.objects.get(provider="twitter_oauth2").user == verified_user
    assert client.session[SESSION_KEY] == str(verified_user.pk)


def test_twitter_login_without_email_asks_for_one(client, twitter_configured, fake_http):
    fake_http(_x_answers())
    state = _go_to_twitter(client)["state"][0]

    response = client.get(CALLBACK_URL, {"code": "x-code", "state": state})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/3rdparty/signup/"
    signup_page = client.get(response["Location"])
    assert b'<label for="id_email">' in signup_page.content
    assert SESSION_KEY not in client.session


def test_twitter_callback_with_a_forged_state_is_refused(client, twitter_configured, fake_http):
    http = fake_http(_x_answers(confirmed_email="watcher@example.test"))
    _go_to_twitter(client)

    response = client.get(CALLBACK_URL, {"code": "x-code", "state": "forged"})

    assert b"Logging in with Twitter did not work" in response.content
    assert http.requests == []
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("url", [LOGIN_URL, CALLBACK_URL])
def test_twitter_login_without_credentials_is_a_polite_not_found(client, settings, debug, url):
    settings.DEBUG = debug
    settings.SOCIALACCOUNT_PROVIDERS = {
        "twitter_oauth2": {
            **settings.SOCIALACCOUNT_PROVIDERS["twitter_oauth2"],
            "APPS": [],
        }
    }

    response = client.get(url)

    assert response.status_code == 404
    assert "Logging in this way is not available" in response.content.decode()


def test_login_box_hides_twitter_without_credentials(client, settings):
    settings.TWITTER_CLIENT_ID = settings.TWITTER_CLIENT_SECRET = ""

    html = client.get("/").content.decode()

    assert "Log in with Twitter" not in html
    assert LOGIN_URL not in html
