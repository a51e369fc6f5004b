"""Paginated listings: section, tag, author and the monthly archive (with its year pages)."""

from datetime import date, timedelta

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from accounts.models import AuthorProfile
from articles.caching import add_page_keys, public_page
from articles.models import Article, Section
from articles.pagination import DeferredJoinPaginator
from articles.querysets import tags_used_by
from articles.seo import listing_meta
from articles.views.frame import frame_with_sidebars

ARTICLES_PER_PAGE = 12


@method_decorator(public_page, name="dispatch")
class ArticleListView(ListView):
    """Public articles, newest first, a page at a time; a page past the end is a 404."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE
    # Deep pages (page 500 of a section) read their ids from the index before joining.
    paginator_class = DeferredJoinPaginator
    allow_empty = True

    def get_queryset(self):
        return Article.objects.latest().for_cards()

    def get_listing_context(self):
        """Heading and introduction of this listing, and the URL name (and arguments) of its
        feed; subclasses narrow the list and say what it is."""
        return {
            "listing_kind": "latest",
            "heading": _("Latest News"),
            "feed": ("feed-latest", None),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        listing = self.get_listing_context()
        feed_name, feed_kwargs = listing.pop("feed")
        # A listing carries its own key, not one per card (articles/invalidation.py).
        add_page_keys(self.request, listing.pop("page_key", "latest"))
        context.update(
            {
                "page_range": page.paginator.get_elided_page_range(page.number, on_ends=1),
                **listing_meta(
                    self.request, feed_url_name=f"articles:{feed_name}", feed_kwargs=feed_kwargs
                ),
                # The visible link leads to the feed's page for people, not to its XML.
                "feed_page_url": reverse(f"articles:{feed_name}-about", kwargs=feed_kwargs),
                # The cards show each article's section unless a listing says otherwise.
                "hide_section": False,
                **listing,
                **frame_with_sidebars(self.request),
            }
        )
        return context


class SectionView(ArticleListView):
    def get_queryset(self):
        # The navigation list is cached, so finding the section costs no query.
        sections = {section.slug: section for section in Section.navigation()}
        self.section = sections.get(self.kwargs["slug"])
        if self.section is None:
            raise Http404("No such section.")
        return super().get_queryset().in_section(self.section)

    def get_listing_context(self):
        return {
            "listing_kind": "section",
            "page_key": f"s{self.section.pk}",
            "heading": self.section.name,
            "introduction": self.section.description,
            "feed": ("feed-section", {"slug": self.section.slug}),
            "current_section_slug": self.section.slug,
        }


class TagView(ArticleListView):
    def get_queryset(self):
        # A tag only drafts carry is not public yet: 404, like the drafts themselves.
        self.tag = get_object_or_404(
            tags_used_by(Article.objects.published()), slug=self.kwargs["slug"]
        )
        return super().get_queryset().tagged(self.tag)

    def get_listing_context(self):
        return {
            "listing_kind": "tag",
            "page_key": f"t{self.tag.pk}",
            "heading": self.tag.name,
            "eyebrow": _("More about"),
            "feed": ("feed-tag", {"slug": self.tag.slug}),
        }


class AuthorView(ArticleListView):
    template_name = "articles/author.html"

    def get_queryset(self):
        self.profile = get_object_or_404(AuthorProfile, slug=self.kwargs["slug"])
        return super().get_queryset().by_author(self.profile.user_id)

    def get_listing_context(self):
        return {
            "listing_kind": "author",
            "page_key": f"u{self.profile.user_id}",
            "profile": self.profile,
            "heading": self.profile.display_name,
            "feed": ("feed-author", {"slug": self.profile.slug}),
        }


def month_after(month):
    return (month + timedelta(days=31)).replace(day=1)


def month_before(month):
    return (month - timedelta(days=1)).replace(day=1)


class ArchiveView(ArticleListView):
    """One month of the archive. Only months from the first to the last publication exist;
    empty ones among them answer (with ``noindex``), so links between months never break."""

    def get_queryset(self):
        year, month = self.kwargs["year"], self.kwargs["month"]
        if not (1 <= month <= 12 and 1 <= year <= 9999):
            raise Http404("No such month.")
        self.month = date(year, month, 1)
        self.span = Article.objects.publication_span()
        if self.span is None or not (self.span[0] <= self.month <= self.span[1]):
            raise Http404("Nothing was published in that month.")
        return super().get_queryset().in_month(year, month)

    def get_listing_context(self):
        first, last = self.span
        previous_month, next_month = month_before(self.month), month_after(self.month)
        return {
            "listing_kind": "archive",
            "page_key": f"m{self.month:%Y-%m}",
            "heading": date_format(self.month, "F Y"),
            "eyebrow": _("Archive"),
            "feed": ("feed-latest", None),
            "archive_year": self.month.year,
            "previous_month": previous_month if previous_month >= first else None,
            "next_month": next_month if next_month <= last else None,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # An empty month is a real page for readers paging through, not one for search engines.
        context["noindex"] = not context["page_obj"].paginator.count
        return context


@method_decorator(public_page, name="dispatch")
class ArchiveIndexView(TemplateView):
    """/archive/: every year with public articles, and how many."""

    template_name = "articles/archive.html"

    def get_context_data(self, **kwargs):
        add_page_keys(self.request, "archive")
        return {
            **super().get_context_data(**kwargs),
            "heading": _("Archive"),
            "years": Article.objects.count_by_year(),
            **listing_meta(self.request, feed_url_name="articles:feed-latest"),
            **frame_with_sidebars(self.request),
        }


@method_decorator(public_page, name="dispatch")
class ArchiveYearView(TemplateView):
    """/archive/<year>/: the months of one year with their counts; only years from the first
    to the last publication exist."""

    template_name = "articles/archive.html"

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        span = Article.objects.publication_span()
        if span is None or not (span[0].year <= year <= span[1].year):
            raise Http404("Nothing was published in that year.")
        add_page_keys(self.request, "archive")
        counts = Article.objects.count_by_month(year)
        months = [
            {"date": date(year, month, 1), "count": counts.get(month, 0)}
            for month in range(1, 13)
            if span[0] <= date(year, month, 1) <= span[1]
        ]
        return {
            **super().get_context_data(**kwargs),
            "heading": _("Archive %(year)s") % {"year": year},
            "year": year,
            "months": months,
            "previous_year": year - 1 if year > span[0].year else None,
            "next_year": year + 1 if year < span[1].year else None,
            **listing_meta(self.request, feed_url_name="articles:feed-latest"),
            **frame_with_sidebars(self.request),
        }
