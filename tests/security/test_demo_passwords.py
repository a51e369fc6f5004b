"""The deploy check fails while any demo login still opens with its published password."""

import pytest
from django.core.checks import run_checks

from publishing.management.commands.load_demo import DEMO_LOGINS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def demo_password_errors():
    return [
        message
        for message in run_checks(include_deployment_checks=True)
        if message.id == "publishing.E001"
    ]


def test_a_demo_login_with_its_demo_password_fails_the_deploy_check():
    username, password, _role = DEMO_LOGINS[1]
    UserFactory(username=username, password=password)
    errors = demo_password_errors()
    assert len(errors) == 1
    assert f"“{username}” still has its demo password" in errors[0].msg
    assert errors[0].is_serious()


def test_a_demo_login_with_a_new_password_passes():
    username, _password, _role = DEMO_LOGINS[1]
    UserFactory(username=username, password="a new and private passphrase")
    assert demo_password_errors() == []


def test_the_check_runs_only_with_deploy():
    username, password, _role = DEMO_LOGINS[0]
    UserFactory(username=username, password=password)
    assert not [message for message in run_checks() if message.id == "publishing.E001"]
