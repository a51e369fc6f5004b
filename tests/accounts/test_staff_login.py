"""Staff log in through the header's box as through /admin/login/: the two doors agree."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command

from accounts.models import User
from accounts.roles import make_moderator, make_writer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def log_in(client, login, url="/accounts/login/"):
    """Post the login form as the header box does (from our own page)."""
    return client.post(
        url,
        {"login": login, "password": PASSWORD, "username": login},
        HTTP_SEC_FETCH_SITE="same-origin",
    )


def test_granting_a_role_confirms_the_address():
    writer = make_writer(UserFactory(username="wanda", email="wanda@example.test"))
    moderator = make_moderator(UserFactory(username="mona", email="mona@example.test"))

    for user in (writer, moderator):
        address = EmailAddress.objects.get(user=user)
        assert (address.email, address.verified, address.primary) == (user.email, True, True)


def test_createsuperuser_confirms_the_address():
    call_command(
        "createsuperuser",
        interactive=False,
        username="boss",
        email="boss@example.test",
        verbosity=0,
    )

    assert EmailAddress.objects.get(user__username="boss").verified


def test_demo_logins_have_confirmed_addresses():
    from publishing.management.commands.load_demo import DEMO_LOGINS, Command

    Command().load_logins()

    for username, _password, _role in DEMO_LOGINS:
        assert EmailAddress.objects.filter(user__username=username, verified=True).exists()


def test_writer_with_an_unconfirmed_address_logs_in_at_both_doors(client):
    # Made staff by hand in the admin, never through grant_role: no confirmed address.
    UserFactory(username="walt", email="walt@example.test", is_staff=True)

    header = log_in(client, "walt")
    assert header.status_code == 302
    assert "/accounts/confirm-email/" not in header["Location"]
    assert client.session.get(SESSION_KEY)
    client.logout()

    # The admin's door is the same door: it sends everyone to the one login form.
    admin = client.get("/admin/login/")
    assert admin.status_code == 302
    assert admin["Location"].startswith("/accounts/login/")


def test_superuser_without_email_logs_in_and_is_told_to_add_one(client):
    User.objects.create_superuser("root", email="", password=PASSWORD)

    response = log_in(client, "root")
    page = client.get(response["Location"])

    assert client.session.get(SESSION_KEY)
    assert "no confirmed email address" in page.content.decode()


def test_reader_without_email_is_told_what_to_do(client):
    UserFactory(username="nomail", email="")

    response = log_in(client, "nomail")

    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert "Ask the newsroom to add your address" in response.content.decode()
