"""Sitemaps: an index at /sitemap.xml, one sitemap per kind of page and per section's
articles, and a Google News sitemap of the last 48 hours.

Every sitemap file sits at the site root (/sitemap-<name>.xml): the sitemaps protocol only
lets a sitemap list addresses at or below its own folder.

Only public articles appear (``latest()``), with their lead image (Google's image
extension). Counts and "last modified" times for the index come from one aggregate query,
so the index costs the same few queries however many articles there are.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.syndication.views import add_domain
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.models import Tag

from accounts.models import AuthorProfile
from articles import seo
from articles.caching import add_page_keys, public_page
from articles.models import Article, Section, TaggedArticle
from articles.tags import tag_url
from articles.timestamps import to_the_second
from masthead.models import SiteSettings
from newsroom.text import strip_control_characters

SITEMAP_TEMPLATE = "sitemaps/sitemap.xml"
NEWS_SITEMAP_TEMPLATE = "sitemaps/news.xml"
# Articles per sitemap file; the protocol allows 50,000, smaller files render faster.
ARTICLES_PER_SITEMAP = 2000
NEWS_WINDOW = timedelta(hours=48)
# Google News reads at most 1,000 addresses from one news sitemap.
NEWS_LIMIT = 1000


class CountedSitemap(Sitemap):
    """A sitemap that counts its items once (or is told the count) for pagination."""

    known_count = None

    @cached_property
    def item_count(self):
        if self.known_count is not None:
            return self.known_count
        items = self.items()
        return len(items) if isinstance(items, list) else items.count()

    @property
    def paginator(self):
        paginator = super().paginator
        # Paginator.count is a cached property: setting it saves a COUNT query per use.
        paginator.count = self.item_count
        return paginator


class StaticSitemap(CountedSitemap):
    """Pages that are not articles or listings of one thing: the front page and the archive
    index (whose year and month pages a crawler finds from there)."""

    def __init__(self, latest_lastmod=None):
        self.latest_lastmod_of_articles = latest_lastmod

    def items(self):
        return ["articles:home", "articles:archive-index"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return self.latest_lastmod_of_articles


class SectionSitemap(CountedSitemap):
    def __init__(self, lastmod_by_section=None):
        self.lastmod_by_section = lastmod_by_section or {}

    def items(self):
        return Section.navigation()  # cached: no query

    def lastmod(self, section):
        return self.lastmod_by_section.get(section.pk)


class TagSitemap(CountedSitemap):
    """Tags carried by at least one public article (and with an address)."""

    def items(self):
        public_tag_ids = TaggedArticle.objects.filter(
            content_object__in=Article.objects.published()
        ).values("tag_id")
        # An empty slug has no address; new tags never get one (articles/tags.py).
        return Tag.objects.filter(pk__in=public_tag_ids).exclude(slug="").order_by("name", "pk")

    def location(self, tag):
        return tag_url(tag)


class AuthorSitemap(CountedSitemap):
    """Author pages of everyone with at least one public article."""

    def items(self):
        return AuthorProfile.objects.filter(
            user__in=Article.objects.published().values("author_id")
        ).order_by("slug")


class ArticleSitemap(CountedSitemap):
    """The public articles of one section, with their lead image."""

    limit = ARTICLES_PER_SITEMAP

    def __init__(self, section, count=None, latest_lastmod=None):
        self.section = section
        self.known_count = count
        self.known_latest_lastmod = to_the_second(latest_lastmod)

    def items(self):
        return (
            Article.objects.latest()
            .in_section(self.section)
            .select_related("section", "lead_image")
        )

    def lastmod(self, article):
        return to_the_second(article.updated_at)

    def get_latest_lastmod(self):
        # Django's default would load every article of the section to find the newest.
        return self.known_latest_lastmod

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        domain, secure = self.get_domain(site), self.get_protocol(protocol) == "https"
        for url in urls:
            image = url["item"].lead_image
            url["images"] = [add_domain(domain, image.largest_src, secure)] if image else []
        return urls


class NewsSitemap(CountedSitemap):
    """Google News: public articles published in the last 48 hours, newest first."""

    limit = NEWS_LIMIT

    def __init__(self, site_settings):
        self.site_settings = site_settings

    @cached_property
    def articles(self):
        since = timezone.now() - NEWS_WINDOW
        return list(Article.objects.published_since(since).select_related("section")[:NEWS_LIMIT])

    def items(self):
        return self.articles  # one query, shared by the count and the page

    def lastmod(self, article):
        return to_the_second(article.updated_at)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        # Stripped again on output: XML cannot carry control characters stored before the rule.
        publication = {
            "name": strip_control_characters(self.site_settings.site_name),
            "language": news_language(self.site_settings.language),
        }
        for url in urls:
            article = url["item"]
            url["publication"] = publication
            url["publication_date"] = to_the_second(article.published_at)
            url["title"] = strip_control_characters(seo.display_title(article))
        return urls


def news_language(code):
    """Google News wants an ISO 639 code (“en”, “de”), or zh-cn / zh-tw for Chinese."""
    code = code.lower().replace("_", "-")
    if code in ("zh-cn", "zh-tw"):
        return code
    if code in ("zh-hans", "zh-sg"):
        return "zh-cn"
    if code in ("zh-hant", "zh-hk"):
        return "zh-tw"
    return code.split("-")[0]


def site_sitemaps():
    """Every sitemap of the site by its name in /sitemap-<name>.xml, empty ones left out."""
    per_section = {
        row["section_id"]: row
        for row in Article.objects.published()
        .order_by()
        .values("section_id")
        .annotate(count=Count("id"), latest_lastmod=Max("updated_at"))
    }
    lastmod_by_section = {
        pk: to_the_second(row["latest_lastmod"]) for pk, row in per_section.items()
    }
    sitemaps = {
        "pages": StaticSitemap(max(lastmod_by_section.values(), default=None)),
        "sections": SectionSitemap(lastmod_by_section),
        "tags": TagSitemap(),
        "authors": AuthorSitemap(),
        "news": NewsSitemap(SiteSettings.load()),
    }
    for section in Section.navigation():
        row = per_section.get(section.pk)
        if row:
            sitemaps[f"articles-{section.slug}"] = ArticleSitemap(
                section, row["count"], row["latest_lastmod"]
            )
    return sitemaps


@public_page
def sitemap_index(request):
    """/sitemap.xml: the sitemap index, listing each non-empty sitemap (and its pages)."""
    add_page_keys(request, "sitemap")
    sitemaps = {name: sitemap for name, sitemap in site_sitemaps().items() if sitemap.item_count}
    return sitemap_views.index(request, sitemaps, sitemap_url_name="articles:sitemap-section")


@public_page
def sitemap(request, section):
    """/sitemap-<name>.xml: one sitemap (``?p=`` for its further pages)."""
    add_page_keys(request, "sitemap")
    template_name = NEWS_SITEMAP_TEMPLATE if section == "news" else SITEMAP_TEMPLATE
    return sitemap_views.sitemap(
        request, site_sitemaps(), section=section, template_name=template_name
    )
