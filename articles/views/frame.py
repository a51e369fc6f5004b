"""What the frame of a public page shows from the database: the site settings (name,
tagline, disclaimers, language) and the header's sections, both kept in the cache.

``page_frame()`` reads the two in one cache round trip; a view puts its result in the
context, and the ``navigation`` context processor, which is lazy, then reads nothing.
"""

from django.core.cache import cache

from articles.models import Section
from articles.views.sidebars import news_sidebars
from masthead.models import SiteSettings


def page_frame():
    """``{"site_settings": ..., "navigation_sections": [...]}``, for a view's context."""
    found = cache.get_many([SiteSettings.CACHE_KEY, Section.NAVIGATION_CACHE_KEY])
    site_settings = found.get(SiteSettings.CACHE_KEY)
    if site_settings is None:
        site_settings = SiteSettings.load()
    sections = found.get(Section.NAVIGATION_CACHE_KEY)
    if sections is None:
        sections = Section.navigation()
    return {"site_settings": site_settings, "navigation_sections": sections}


def frame_with_sidebars(request, **options):
    """``page_frame()`` and the Latest and Top News sidebars (``news_sidebars``)."""
    frame = page_frame()
    return {**frame, **news_sidebars(request, frame["site_settings"], **options)}
