from django.utils.functional import SimpleLazyObject

from masthead.models import SiteSettings


def site_settings(request):
    """The site settings for the frame of every page (cached: no query once warm). Lazy: a
    view that put ``site_settings`` in its context already saves the cache a round trip."""
    return {"site_settings": SimpleLazyObject(SiteSettings.load)}
