"""Drop the browser's cached public pages when someone logs in or out.

Anonymous pages are sent with ``Cache-Control: public, max-age=…`` and no ``Vary: Cookie``
(so a CDN can keep them). Without help, a browser that showed the front page before logging
in would keep showing that copy, with the login box, for up to ``PUBLIC_CACHE_SECONDS``
after. The login and logout responses therefore carry ``Clear-Site-Data: "cache"``, which
tells the browser to forget this site's cached pages (cookies and storage are kept).

``SignedInCookieMiddleware`` keeps the signed "signed in" marker that the page cache reads
(``articles.caching.is_signed_in_request``) in step with the session: set while a reader is
signed in, removed when they are not.
"""

from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.shortcuts import render

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
