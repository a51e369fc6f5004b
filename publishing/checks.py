"""System checks for production: no account may keep a password published in our code."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.checks import Error, Tags, register
from django.db import DatabaseError

from publishing.management.commands.load_demo import DEMO_LOGINS


@register(Tags.security, deploy=True)
def check_demo_passwords(app_configs, databases=None, **kwargs):
    """``check --deploy`` fails while a demo login (``load_demo``) still has its demo password."""
    passwords = {username: password for username, password, _role in DEMO_LOGINS}
    try:
        accounts = list(
            get_user_model()
            .objects.filter(username__in=passwords)
            .values_list("username", "password")
        )
    except DatabaseError:
        # No database to look at (a build step without one): nothing to judge.
        return []
    return [
        Error(
            f"The account “{username}” still has its demo password from load_demo, which "
            "is printed in the source code.",
            hint=f"Set a new password (manage.py changepassword {username}) or delete the account.",
            id="publishing.E001",
        )
        for username, encoded in accounts
        # Compares without saving: a check must not upgrade the stored hash.
        if check_password(passwords[username], encoded)
    ]
