from django.utils.functional import SimpleLazyObject

from articles.models import Section


def navigation(request):
    """The sections of the header navigation (cached: no query once warm), and what the
    header marks: the current section and the words in the search box, none until a view
    names them (a name the page looks up in vain costs the template engine exceptions).

    Lazy, as ``site_settings`` is: a view that put ``navigation_sections`` in its context
    (``articles.views.frame.page_frame``) saves the cache a round trip."""
    return {
        "navigation_sections": SimpleLazyObject(Section.navigation),
        "current_section_slug": "",
        "search_query": "",
    }
