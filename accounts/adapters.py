"""allauth adapter: our site name and the reset-link lifetime in account emails."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from masthead.models import SiteSettings


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        context = {
            **context,
            # allauth's own "site" is the request's host name; readers know us by our name.
            "site_name": SiteSettings.load().site_name,
            "reset_link_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
        super().send_mail(template_prefix, email, context)
