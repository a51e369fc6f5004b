"""The one authentication backend: a login box entry costs one password hash, whatever it names.

allauth's own backend (with Django's ``ModelBackend`` beside it) hashed the password up to
three times for an address that has an account and twice for one that has none, so the
time of a wrong login told whether the address is registered. Here the entry is resolved
to at most one account first (by address, then by username), and exactly one hash runs:
that account's, or a throwaway one when nothing matched.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.account.internal.userkit import filter_users_by_email, get_user_by_username


class AuthenticationBackend(AllauthBackend):
    def _authenticate(self, request, **credentials):
        login = credentials.get("email") or credentials.get("username") or ""
        password = credentials.get("password") or ""
        return self._check_password(self._account_for(login), password)

    def _account_for(self, login):
        if not login:
            return None
        if "@" in login:
            # A verified address first; ACCOUNT_UNIQUE_EMAIL keeps it to one account.
            for user in filter_users_by_email(login, prefer_verified=True, for_login=True):
                return user
        return get_user_by_username(login)
