"""Request rules for accounts: the staff door, the signed-in marker, and clearing cached
pages at login.

Drop the browser's cached public pages when someone logs in or out.

Anonymous pages are sent with ``Cache-Control: public, max-age=…`` and no ``Vary: Cookie``
(so a CDN can keep them). Without help, a browser that showed the front page before logging
in would keep showing that copy, with the login box, for up to ``PUBLIC_CACHE_SECONDS``
after. The login and logout responses therefore carry ``Clear-Site-Data: "cache"``, which
tells the browser to forget this site's cached pages (cookies and storage are kept).

``SignedInCookieMiddleware`` keeps the signed "signed in" marker that the page cache reads
(``articles.caching.is_signed_in_request``) in step with the session: set while a reader is
signed in, removed when they are not.
"""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.receivers import CLEAR_CACHE_ATTRIBUTE
from accounts.signed_in import SIGNED_IN_SALT, is_signed_in_request


class ClearBrowserCacheOnLoginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, CLEAR_CACHE_ATTRIBUTE, False):
            response["Clear-Site-Data"] = '"cache"'
        return response


class SignedInCookieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Only where the session is in play: an anonymous page never loads it.
        signed_in_or_out = getattr(request, CLEAR_CACHE_ATTRIBUTE, False)
        if settings.SESSION_COOKIE_NAME not in request.COOKIES and not signed_in_or_out:
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if signed_in_or_out or not is_signed_in_request(request):
                session = request.session
                response.set_signed_cookie(
                    settings.SIGNED_IN_COOKIE_NAME,
                    "1",
                    salt=SIGNED_IN_SALT,
                    max_age=None
                    if session.get_expire_at_browser_close()
                    else session.get_expiry_age(),
                    path=settings.SESSION_COOKIE_PATH,
                    domain=settings.SESSION_COOKIE_DOMAIN,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite=settings.SESSION_COOKIE_SAMESITE,
                )
        elif settings.SIGNED_IN_COOKIE_NAME in request.COOKIES:
            response.delete_cookie(
                settings.SIGNED_IN_COOKIE_NAME,
                path=settings.SESSION_COOKIE_PATH,
                domain=settings.SESSION_COOKIE_DOMAIN,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
        return response


class UnconfiguredProviderMiddleware:
    """Answer 404 with a polite page when a login provider (Twitter) has no credentials.

    allauth routes /accounts/twitter_oauth2/login/ whether or not the site has a client id
    and secret; without them its views raise ``SocialApp.DoesNotExist``, a 500. The header
    hides the button then, but an old link or a crawler can still come by.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SocialApp.DoesNotExist):
            return render(request, "socialaccount/provider_unavailable.html", status=404)
        return None


# When a staff session was last used (seconds since the epoch), kept in the session.
LAST_SEEN_KEY = "staff_last_seen"
# The last-seen time is written back at most this often, so a staff member clicking around
# the admin does not write their session on every request.
LAST_SEEN_RESOLUTION = 60


class StaffDoorMiddleware:
    """The staff rules on every request of a signed-in Writer, Moderator or admin.

    1. A staff session left unused for ``STAFF_SESSION_IDLE_SECONDS`` is ended (readers
       keep theirs for ``SESSION_COOKIE_AGE``).
    2. With ``STAFF_MFA_REQUIRED``, a staff member without a second factor is sent to set
       one up from every staff page (admin, previews, account pages); only the second-factor
       pages and logging out stay open to them. Public pages are unaffected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie nobody is signed in; not touching the session keeps
        # public pages free of "Vary: Cookie" and cacheable.
        signed_in = is_signed_in_request(request) or (
            settings.SESSION_COOKIE_NAME in request.COOKIES and is_staff_page(request.path)
        )
        if signed_in and is_staff_account(request.user):
            response = self.check_idle(request) or self.check_second_factor(request, request.user)
            if response is not None:
                return response
        return self.get_response(request)

    def check_idle(self, request):
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > settings.STAFF_SESSION_IDLE_SECONDS:
            logout(request)
            messages.info(
                request,
                _("You were logged out after a while without activity. Please log in again."),
            )
            return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
        if last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
            request.session[LAST_SEEN_KEY] = now
        return None

    def check_second_factor(self, request, user):
        if not settings.STAFF_MFA_REQUIRED or not is_staff_page(request.path):
            return None
        if is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]):
            return None
        messages.warning(
            request,
            _("Staff accounts need a second factor. Set up an authenticator app to continue."),
        )
        return redirect("mfa_activate_totp")


class StaffTimeZoneMiddleware:
    """In the admin, times are shown and read in the staff member's own time zone (their
    author profile's, else the newsroom's); every other page keeps the newsroom's zone, so a
    preview or a cached page looks the same to everyone (``newsroom.timezones``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if not request.path.startswith(reverse("admin:index")) or not is_staff_account(user):
            return self.get_response(request)
        with timezone.override(user.time_zone):
            return self.get_response(request)


def is_staff_account(user):
    """Staff by the account's own flags: admin access or superuser. (Writers and moderators
    always have admin access; asking the groups on every reader's request would cost a
    query each.)"""
    return user.is_authenticated and (user.is_staff or user.is_superuser)


def is_staff_page(path):
    """Whether ``path`` is a page that only staff use, outside the second-factor setup."""
    open_paths = [
        reverse("mfa_index"),
        reverse("account_logout"),
        reverse("account_reauthenticate"),
        reverse("account_login"),
    ]
    if any(path.startswith(prefix) for prefix in open_paths):
        return False
    staff_paths = [
        reverse("admin:index"),
        reverse("accounts:overview"),
        reverse("publishing:preview", args=[0]).removesuffix("0/"),
    ]
    return any(path.startswith(prefix) for prefix in staff_paths)
