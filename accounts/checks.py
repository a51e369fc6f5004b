"""System checks: the public throttles are rates we can read."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from newsroom.throttle import Rate


@register(Tags.security)
def check_throttle_rates(app_configs, **kwargs):
    """Every public throttle (``THROTTLE_RATES``) is a rate we can read."""
    errors = []
    for scope, text in settings.THROTTLE_RATES.items():
        try:
            Rate.parse(text)
        except ImproperlyConfigured as error:
            errors.append(Error(f"THROTTLE_RATES[{scope!r}]: {error}", id="accounts.E001"))
    return errors
