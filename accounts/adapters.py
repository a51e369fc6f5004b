"""allauth adapter: our site name and the reset-link lifetime in account emails, and a
sign-in that waits while the rate limits cannot be counted."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from masthead.models import SiteSettings
from newsroom.cache import is_available

CACHE_UNAVAILABLE_MESSAGE = _("Signing in is briefly unavailable. Please try again shortly.")


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials):
        # The failed-login limit, which stops password guessing, is counted in the cache.
        # Without the cache it cannot count, so sign-in fails closed; everything else
        # (reading, signing up, resets) goes on unlimited until the cache is back.
        if not is_available(cache):
            raise ValidationError(CACHE_UNAVAILABLE_MESSAGE, code="cache_unavailable")
        super().pre_authenticate(request, **credentials)

    def send_mail(self, template_prefix, email, context):
        context = {
            **context,
            # allauth's own "site" is the request's host name; readers know us by our name.
            "site_name": SiteSettings.load().site_name,
            "reset_link_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
        super().send_mail(template_prefix, email, context)
