"""allauth adapters: our site name in account emails, the client's real address, failed-login
limits per client and account, a sign-in that waits while the rate limits cannot be counted,
and the staff rules for second factors."""

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.roles import is_staff_member
from accounts.tasks import send_account_email
from background.mail import message_to_data
from masthead.models import SiteSettings
from newsroom.cache import is_available
from newsroom.network import client_ip

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
        request = allauth_context.request
        context = {
            # What allauth's own send_mail puts in every account email's context.
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
            # allauth's own "site" is the request's host name; readers know us by our name.
            "site_name": SiteSettings.load().site_name,
            "reset_link_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
        # Rendered here, sent by a worker (accounts/tasks.py). Enqueued at once rather than
        # on commit: the message is complete, the task reads nothing from the database.
        message = self.render_mail(template_prefix, email, context)
        send_account_email.enqueue(message_to_data(message), f"account:{uuid.uuid4().hex}")

    def get_client_ip(self, request):
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        # The failed-login limit per key counts one client's failures on one account, not
        # everybody's: a stranger typing wrong passwords for an editor's address slows down
        # only themselves, and the editor still gets in from their own browser.
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{client_ip(request)}:{login}"

    def authentication_failed(self, request, **credentials):
        audit.record_failed_login(
            request, credentials.get("email") or credentials.get("username") or ""
        )


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self):
        return SiteSettings.load().site_name

    def can_delete_authenticator(self, authenticator):
        """A staff member who must have a second factor cannot remove their last one."""
        if authenticator.type == Authenticator.Type.RECOVERY_CODES:
            return True
        user = authenticator.user
        if not (settings.STAFF_MFA_REQUIRED and is_staff_member(user)):
            return True
        others = Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exclude(pk=authenticator.pk)
        return others.exists()
