"""System checks for production: no account may keep a password published in our code."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from newsroom.throttle import Rate


@register(Tags.security, deploy=True)
def check_demo_passwords(app_configs, databases=None, **kwargs):
    """``check --deploy`` fails while a demo login (``load_demo``) still has its demo password."""
    from publishing.management.commands.load_demo import DEMO_LOGINS

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
            id="accounts.E001",
        )
        for username, encoded in accounts
        # Compares without saving: a check must not upgrade the stored hash.
        if check_password(passwords[username], encoded)
    ]


@register(Tags.security)
def check_throttle_rates(app_configs, **kwargs):
    """Every public throttle (``THROTTLE_RATES``) is a rate we can read."""
    errors = []
    for scope, text in settings.THROTTLE_RATES.items():
        try:
            Rate.parse(text)
        except ImproperlyConfigured as error:
            errors.append(Error(f"THROTTLE_RATES[{scope!r}]: {error}", id="accounts.E002"))
    return errors
