"""/robots.txt: where the sitemaps are, and what crawlers should leave alone."""

from django.http import HttpResponse
from django.urls import reverse

from articles.caching import public_page

# Private or endless pages: the admin, sign-in and account pages, search results (every
# query is a page), drafts in preview and the read counter.
DISALLOWED_PATHS = ("/admin/", "/accounts/", "/search/", "/preview/", "/read/")


@public_page
def robots_txt(request):
    sitemaps = [
        reverse("articles:sitemap-index"),
        reverse("articles:sitemap-section", kwargs={"section": "news"}),
    ]
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in DISALLOWED_PATHS),
        "",
        *(f"Sitemap: {request.build_absolute_uri(path)}" for path in sitemaps),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
