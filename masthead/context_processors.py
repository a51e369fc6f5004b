from masthead.models import SiteSettings


def site_settings(request):
    """The site settings for the frame of every page (cached: no query once warm)."""
    return {"site_settings": SiteSettings.load()}
