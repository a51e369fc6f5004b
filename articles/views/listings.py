"""Paginated listings: section, tag, author and the monthly archive."""

import calendar
from datetime import date, timedelta

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import ListView

from accounts.models import AuthorProfile
from articles.caching import public_page
from articles.models import Article, Section, SiteSettings
from articles.pagination import DeferredJoinPaginator
from articles.querysets import tags_used_by
from articles.seo import listing_meta
from articles.views.sidebars import news_sidebars

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
        return {"listing_kind": "latest", "heading": "Latest News", "feed": ("feed-latest", None)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        listing = self.get_listing_context()
        feed_name, feed_kwargs = listing.pop("feed")
        context.update(
            {
                "page_range": page.paginator.get_elided_page_range(page.number, on_ends=1),
                **listing_meta(
                    self.request, feed_url_name=f"articles:{feed_name}", feed_kwargs=feed_kwargs
                ),
                **listing,
                **news_sidebars(SiteSettings.load()),
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
            "heading": self.tag.name,
            "eyebrow": "More about",
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
            "profile": self.profile,
            "heading": self.profile.display_name,
            "feed": ("feed-author", {"slug": self.profile.slug}),
        }


class ArchiveView(ArticleListView):
    def get_queryset(self):
        year, month = self.kwargs["year"], self.kwargs["month"]
        if not (1 <= month <= 12 and 1990 <= year <= 9999):
            raise Http404("No such month.")
        self.month = date(year, month, 1)
        return super().get_queryset().in_month(year, month)

    def get_listing_context(self):
        previous_month = (self.month - timedelta(days=1)).replace(day=1)
        next_month = (self.month + timedelta(days=31)).replace(day=1)
        return {
            "listing_kind": "archive",
            "heading": f"{calendar.month_name[self.month.month]} {self.month.year}",
            "eyebrow": "Archive",
            "feed": ("feed-latest", None),
            "previous_month": previous_month,
            "next_month": next_month if next_month <= timezone.localdate() else None,
        }
