"""Receivers of the accounts app (connected in ``AccountsConfig.ready``)."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.roles import confirm_email_address

# Set on a request that logged someone in or out; the middleware then tells the browser to
# drop its cached pages and sets or removes the signed-in marker.
CLEAR_CACHE_ATTRIBUTE = "_clear_browser_cache"


@receiver(user_logged_in)
@receiver(user_logged_out)
def mark_request_for_cache_clearing(sender, request, **kwargs):
    if request is not None:
        setattr(request, CLEAR_CACHE_ATTRIBUTE, True)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def confirm_new_superuser_address(sender, instance, created, raw=False, **kwargs):
    """A superuser made by ``createsuperuser`` (or in code) has a confirmed address too."""
    if created and not raw and instance.is_superuser:
        confirm_email_address(instance)
