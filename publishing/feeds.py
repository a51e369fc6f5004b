"""The corrections feed: the newest corrections and clarifications of public articles (RSS)."""

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.caching import add_page_keys
from articles.feeds import LatestArticlesFeed
from articles.timestamps import to_the_second
from publishing.models import Correction

ITEMS_PER_FEED = 20


class CorrectionsFeed(LatestArticlesFeed):
    """Shares the site feeds' set-up (cache, stylesheet, language, XML-safe text)."""

    def title(self, obj):
        return _("%(site)s: Corrections and clarifications") % {
            "site": self.site_settings.site_name
        }

    def summary(self, obj):
        return _("Every correction and clarification we add to a published article.")

    def link(self, obj):
        return reverse("publishing:corrections")

    def items(self, obj):
        add_page_keys(self.request, "corrections", "latest")
        return Correction.objects.public().select_related(
            "article__section", "article__author__profile"
        )[:ITEMS_PER_FEED]

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.article.title}"

    def item_description(self, item):
        return escape(item.text)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return self.request.build_absolute_uri(item.get_absolute_url())

    def item_author_name(self, item):
        return None

    def item_author_link(self, item):
        return None

    def item_pubdate(self, item):
        return to_the_second(item.created_at)

    def item_updateddate(self, item):
        return to_the_second(item.created_at)

    def item_categories(self, item):
        return [item.get_kind_display()]

    def item_enclosures(self, item):
        return []
