"""Drop the browser's cached public pages when someone logs in or out.

Anonymous pages are sent with ``Cache-Control: public, max-age=…`` and no ``Vary: Cookie``
(so a CDN can keep them). Without help, a browser that showed the front page before logging
in would keep showing that copy, with the login box, for up to ``PUBLIC_CACHE_SECONDS``
after. The login and logout responses therefore carry ``Clear-Site-Data: "cache"``, which
tells the browser to forget this site's cached pages (cookies and storage are kept).
"""

from allauth.socialaccount.models import SocialApp
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.shortcuts import render

CLEAR_CACHE_ATTRIBUTE = "_clear_browser_cache"


@receiver(user_logged_in)
@receiver(user_logged_out)
def mark_request_for_cache_clearing(sender, request, **kwargs):
    if request is not None:
        setattr(request, CLEAR_CACHE_ATTRIBUTE, True)


class ClearBrowserCacheOnLoginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, CLEAR_CACHE_ATTRIBUTE, False):
            response["Clear-Site-Data"] = '"cache"'
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
