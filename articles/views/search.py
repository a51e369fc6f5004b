"""/search/?q=: ranked full-text results with highlighted snippets; never an error page."""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from articles.caching import add_page_keys, public_page
from articles.search import (
    QueryTooLong,
    SearchPaginator,
    clean_query,
    index_search_plan,
    snippet_html,
    suggest,
    title_html,
)
from articles.seo import listing_meta
from articles.views.frame import frame_with_sidebars
from newsroom.throttle import throttle

RESULTS_PER_PAGE = 10


@public_page
# Inside the page cache: a cached results page costs nothing and is not counted.
@throttle("search")
def search(request):
    add_page_keys(request, "search")
    context = {
        **listing_meta(request, noindex=True),
        "results": [],
        "page_obj": None,
        "problem": "",
        "suggestion": "",
    }
    raw_query = request.GET.get("q", "")
    try:
        query = clean_query(raw_query)
    except QueryTooLong as error:
        query = ""
        context["problem"] = str(error)
    context["search_query"] = query or raw_query[:200].strip()
    if query:
        context.update(results_page(query, request.GET.get("page", 1)))
        if not context["results"]:
            context["suggestion"] = suggest(query)
    elif raw_query and not context["problem"]:
        # Only spaces (or control characters): say so rather than "No articles matched ."
        context["problem"] = _("Please type a word or two to search for.")
    context.update(frame_with_sidebars(request))
    return TemplateResponse(request, "articles/search.html", context)


def results_page(query, number):
    """One page of results for ``query`` and what the page says about the rest."""
    with index_search_plan():
        paginator = SearchPaginator(query, RESULTS_PER_PAGE)
        try:
            page = paginator.page(number)
        except (PageNotAnInteger, EmptyPage):
            page = None
        else:
            results = list(page.object_list)
    if page is None:
        raise Http404("No such page of results.")
    for article in results:
        article.snippet = snippet_html(article.raw_snippet)
        article.highlighted_title = title_html(article.raw_title, article.title)
    return {
        "page_obj": page,
        "results": results,
        "page_range": paginator.get_elided_page_range(page.number, on_ends=1),
        "result_count": paginator.count,
        "more_than_counted": paginator.more_than_counted,
        "max_results": paginator.max_results,
    }
