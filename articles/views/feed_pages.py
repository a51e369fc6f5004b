"""A page for people about each feed: what a feed is, its address to copy, its latest items.

Browsers show a feed's XML as raw text (Chromium no longer applies XSL stylesheets), so the
visible "Follow in a feed reader" links lead here; the XML keeps its address for feed
readers, and ``<link rel="alternate">`` in every page still points at it.

The page asks the feed class what it is about (``get_object``, ``title``, ``summary``,
``link``, ``articles``), so the page and its feed can never disagree.
"""

from django.shortcuts import render
from django.urls import reverse

from articles import feeds
from articles.caching import public_page
from masthead.models import SiteSettings

# The feed of each kind of page, and the URL names of its RSS and Atom addresses.
FEEDS = {
    "latest": (feeds.LatestArticlesFeed, "articles:feed-latest", "articles:feed-latest-atom"),
    "section": (feeds.SectionFeed, "articles:feed-section", "articles:feed-section-atom"),
    "tag": (feeds.TagFeed, "articles:feed-tag", "articles:feed-tag-atom"),
    "author": (feeds.AuthorFeed, "articles:feed-author", "articles:feed-author-atom"),
}


@public_page
def feed_page(request, kind, **kwargs):
    """The page about the ``kind`` feed (``kwargs`` are its URL's: a slug, or nothing)."""
    feed_class, rss_url_name, atom_url_name = FEEDS[kind]
    feed = feed_class()
    feed.request = request
    feed.site_settings = SiteSettings.load()
    subject = feed.get_object(request, **kwargs)  # 404 when the feed would answer 404
    rss_url = request.build_absolute_uri(reverse(rss_url_name, kwargs=kwargs))
    context = {
        "feed_title": feed.title(subject),
        "feed_summary": feed.summary(subject),
        "feed_link": feed.link(subject),
        "feed_url": rss_url,
        "atom_url": request.build_absolute_uri(reverse(atom_url_name, kwargs=kwargs)),
        "canonical_url": request.build_absolute_uri(request.path),
        "articles": feed.articles(subject).latest().for_cards()[: feeds.ITEMS_PER_FEED],
    }
    return render(request, "articles/feed_page.html", context)
