from articles.models import Section


def navigation(request):
    """The sections of the header navigation (cached: no query once warm), and what the
    header marks: the current section and the words in the search box, none until a view
    names them (a name the page looks up in vain costs the template engine exceptions)."""
    return {
        "navigation_sections": Section.navigation(),
        "current_section_slug": "",
        "search_query": "",
    }
