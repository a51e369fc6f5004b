from articles.models import Section


def navigation(request):
    """The sections of the header navigation (cached: no query once warm)."""
    return {"navigation_sections": Section.navigation()}
