"""/search/?q=: ranked full-text results with highlighted snippets; never an error page."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.template.response import TemplateResponse

from articles.caching import public_page
from articles.models import SiteSettings
from articles.search import (
    QueryTooLong,
    clean_query,
    search_articles,
    snippet_html,
    title_html,
)
from articles.seo import listing_meta
from articles.views.sidebars import news_sidebars

RESULTS_PER_PAGE = 10


@public_page
def search(request):
    context = {
        **listing_meta(request, noindex=True),
        "results": [],
        "page_obj": None,
        "problem": "",
    }
    raw_query = request.GET.get("q", "")
    try:
        query = clean_query(raw_query)
    except QueryTooLong as error:
        query = ""
        context["problem"] = str(error)
    context["search_query"] = query or raw_query[:200]
    if query:
        paginator = Paginator(search_articles(query), RESULTS_PER_PAGE)
        try:
            page = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404("No such page of results.") from error
        results = list(page.object_list)
        for article in results:
            article.snippet = snippet_html(article.raw_snippet)
            article.highlighted_title = title_html(article.raw_title, article.title)
        context.update(
            {
                "page_obj": page,
                "results": results,
                "page_range": paginator.get_elided_page_range(page.number, on_ends=1),
            }
        )
        context["result_count"] = paginator.count
    context.update(news_sidebars(SiteSettings.load()))
    return TemplateResponse(request, "articles/search.html", context)
