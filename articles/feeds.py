"""RSS 2.0 and Atom feeds: the latest public articles, of the site, a section, a tag or an author.

Summaries and descriptions are plain text; RSS ``<description>`` and Atom's
``<summary type="html">`` are read as HTML, so they carry the text HTML-escaped (a summary
typed as “<img onerror=…>” shows as those characters, never as markup). Atom's
``<subtitle>`` is plain text and carries it as it is. No article body HTML goes into a feed.

Every feed lists the newest ``ITEMS_PER_FEED`` public articles (``latest()``), fetched with
``for_listing()``: a feed of 20 items runs the same few queries as a feed of one.
"""

from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from accounts.models import AuthorProfile
from articles import seo
from articles.caching import add_page_keys, public_page
from articles.models import Article, Section
from articles.querysets import tags_used_by
from articles.timestamps import to_the_second
from masthead.models import SiteSettings
from newsroom.text import strip_control_characters

ITEMS_PER_FEED = 20


class LatestArticlesFeed(Feed):
    """All sections: the site's Latest News."""

    feed_type = Rss201rev2Feed
    item_guid_is_permalink = True

    @classmethod
    def as_view(cls):
        """A view answering each request with a fresh feed object, cached for anonymous readers.

        Fresh, because the item hooks keep the request on ``self`` (they get only the item).
        """

        def view(request, **kwargs):
            return cls()(request, **kwargs)

        view.__name__ = view.__qualname__ = cls.__name__
        return public_page(view)

    def stylesheets(self):
        # Browsers that still apply XSL (Firefox, Safari) show the feed as a page through this
        # stylesheet; feed readers ignore it. Chromium shows the XML as text, so the visible
        # links lead to the feed's page for people instead (articles/views/feed_pages.py).
        return [static("feeds/feed.xsl")]

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.site_settings = SiteSettings.load()
        self.language = self.site_settings.language
        return super().__call__(request, *args, **kwargs)

    def get_feed(self, obj, request):
        # XML cannot carry control characters, and Django's feed writer raises on them: text
        # stored before they were stripped on input must not take the feed down.
        feed = super().get_feed(obj, request)
        feed.feed = without_control_characters(feed.feed)
        feed.items = [without_control_characters(item) for item in feed.items]
        return feed

    # The channel

    def title(self, obj):
        return _("%(site_name)s: Latest News") % {"site_name": self.site_settings.site_name}

    def summary(self, obj):
        """What the feed is about, as plain text."""
        return self.site_settings.tagline or self.title(obj)

    def description(self, obj):
        # RSS readers render the channel description as HTML.
        return escape(self.summary(obj))

    def link(self, obj):
        return reverse("articles:home")

    def articles(self, obj):
        """Which articles the feed is about (before ordering and the limit)."""
        return Article.objects.all()

    def page_key(self, obj):
        """The surrogate key of this feed: the key of the listing it follows."""
        return "latest"

    def items(self, obj):
        add_page_keys(self.request, self.page_key(obj))
        return self.articles(obj).latest().for_listing()[:ITEMS_PER_FEED]

    def feed_copyright(self, obj):
        return f"© {self.site_settings.site_name}"

    # The items

    def item_title(self, item):
        # Plain text (the XML writer escapes it once). Django's default escapes twice, and
        # readers that follow the RSS profile (feedparser, most apps) then show "&amp;".
        return seo.display_title(item)

    def item_description(self, item):
        # Plain text in an element read as HTML: escaped here, then once more by the XML writer.
        return escape(seo.description(item, self.site_settings))

    def item_guid(self, item):
        return self.request.build_absolute_uri(item.get_absolute_url())

    def item_author_name(self, item):
        return item.author.display_name

    def item_author_link(self, item):
        profile = getattr(item.author, "profile", None)
        return self.request.build_absolute_uri(profile.get_absolute_url()) if profile else None

    # Atom prints times in full (RFC 3339); to the second, like every time the site prints.
    def item_pubdate(self, item):
        return to_the_second(item.published_at)

    def item_updateddate(self, item):
        return to_the_second(item.updated_at)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_enclosures(self, item):
        # The whole picture, as the article shows it, not a social network's crop.
        image = seo.widest_image(item.lead_image, self.request)
        if image is None:
            return []
        return [Enclosure(image.url, str(enclosure_length(item.lead_image)), image.mime_type)]


def without_control_characters(value):
    """A feed's or item's values (strings, lists of strings, dicts of them), made XML-safe."""
    if isinstance(value, dict):
        return {key: without_control_characters(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(without_control_characters(item) for item in value)
    return strip_control_characters(value)


def enclosure_length(image):
    """Size in bytes of the file the enclosure points at (RSS requires it); 0 if unknown.

    Stored with the rendition (no round trip to object storage per item); renditions made
    before sizes were stored are asked for theirs.
    """
    if not image.renditions:
        return 0
    largest = image.renditions[-1]
    if "jpeg_bytes" in largest:
        return largest["jpeg_bytes"]
    try:
        # A bucket answers a missing object with its own error, not OSError: ask first.
        path = largest["jpeg"]
        return default_storage.size(path) if default_storage.exists(path) else 0
    except (OSError, NotImplementedError):
        # OSError: the storage could not be read. NotImplementedError: Django's Storage
        # base class raises it from size()/exists() for backends that cannot tell; an
        # enclosure without a length is still a valid item (length 0, as RSS allows).
        return 0


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return f"{self.site_settings.site_name}: {section.name}"

    def summary(self, section):
        return section.description or _("The latest articles in %(section)s.") % {
            "section": section.name
        }

    def link(self, section):
        return section.get_absolute_url()

    def articles(self, section):
        return Article.objects.in_section(section)

    def page_key(self, section):
        return f"s{section.pk}"


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(tags_used_by(Article.objects.published()), slug=slug)

    def title(self, tag):
        return f"{self.site_settings.site_name}: {tag.name}"

    def summary(self, tag):
        return _("The latest articles about %(tag)s.") % {"tag": tag.name}

    def link(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def articles(self, tag):
        return Article.objects.tagged(tag)

    def page_key(self, tag):
        return f"t{tag.pk}"


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(AuthorProfile.objects.select_related("user"), slug=slug)

    def title(self, profile):
        return f"{self.site_settings.site_name}: {profile.display_name}"

    def summary(self, profile):
        return profile.bio or _("The latest articles by %(author)s.") % {
            "author": profile.display_name
        }

    def link(self, profile):
        return profile.get_absolute_url()

    def articles(self, profile):
        return Article.objects.by_author(profile.user)

    def page_key(self, profile):
        return f"u{profile.user_id}"


class AtomMixin:
    """The same feed as Atom 1.0 (``subtitle`` is Atom's word for the description).

    Atom writes an entry's summary as ``type="html"``: ``item_description`` escapes it.
    """

    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.summary(obj)  # a plain-text element: not escaped


class LatestArticlesAtomFeed(AtomMixin, LatestArticlesFeed):
    pass


class SectionAtomFeed(AtomMixin, SectionFeed):
    pass


class TagAtomFeed(AtomMixin, TagFeed):
    pass


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass
