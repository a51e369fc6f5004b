from articles.models import Section, SiteSettings


def site(request):
    """What the site frame shows on every page: site settings and the section navigation.

    Both come from the cache, so the frame adds no query to a page once warm.
    """
    return {"site_settings": SiteSettings.load(), "navigation_sections": Section.navigation()}
