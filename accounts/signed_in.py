"""The signed "signed in" marker: a small cookie set at login beside the session cookie.

The page cache asks ``is_signed_in_request`` instead of loading the session: a session
cookie without a valid marker (made up, or left over) is served the anonymous page, and the
check costs no query. ``accounts.middleware.SignedInCookieMiddleware`` keeps the marker in
step with the session.
"""

from django.conf import settings

SIGNED_IN_SALT = "newsroom.signed-in"


def is_signed_in_request(request):
    """A session cookie and the signed marker set at sign-in (checked without the session)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    marker = request.get_signed_cookie(
        settings.SIGNED_IN_COOKIE_NAME,
        default=None,
        salt=SIGNED_IN_SALT,
        max_age=settings.SESSION_COOKIE_AGE,
    )
    return marker is not None
