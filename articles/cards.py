"""Article cards rendered once and kept, so a page that lists them does not render each again.

The article page shows up to nine cards ("More news from <author>", "Related"); rendering
them was a good third of rendering the page. A card is the same on every page that shows
it in the same style, so its HTML is kept in the cache per article and style, and reused
while it is fresh: rendered after the last purge of its article's key (``a42``: the
article was saved, published or withdrawn) and of the site key (a section, author profile
or picture changed; articles/invalidation.py). Copies live no longer than a page does, and
so never longer than those purge records (articles/caching.py).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from articles.caching import SITE_KEY, purge_record_key

CARD_TEMPLATE = "includes/article_card.html"
# The parameters of includes/article_card.html, each unset. Every card is given all of them
# (``card_context``): a name missing from the context costs the template engine a failed
# lookup, a few exceptions raised and caught, each time the card asks for it.
UNSET = None
CARD_OPTIONS = dict.fromkeys(
    [
        "heading_level",
        "show_image",
        "image_sizes",
        "lazy",
        "hide_dek",
        "hide_section",
        "variant",
        "title_html",
        "snippet",
    ],
    UNSET,
)
# How each list draws its cards (the parameters of includes/article_card.html).
STYLES = {
    "compact": {"heading_level": 3, "variant": "compact", "hide_dek": True},
    "with-image": {
        "heading_level": 3,
        "show_image": True,
        "lazy": True,
        "image_sizes": "(min-width: 40rem) 22rem, 100vw",
        "hide_dek": True,
    },
}


def _card_keys(wanted):
    """The cache key of each ``(style, pk)`` card: dates and words depend on the active time
    zone and language, read once for all of them."""
    prefix = f"{translation.get_language()}:{timezone.get_current_timezone_name()}"
    return {(style, pk): f"card:{style}:{prefix}:{pk}" for style, pk in wanted}


def card_context(article, **options):
    """The context of ``article``'s card: the ``options`` given, every other one unset."""
    unknown = options.keys() - CARD_OPTIONS.keys()
    if unknown:
        raise TypeError(f"An article card takes no {', '.join(sorted(unknown))}.")
    return {**CARD_OPTIONS, **options, "article": article}


def render_card(article, style):
    return render_to_string(CARD_TEMPLATE, card_context(article, **STYLES[style]))


def cards(wanted, fetch):
    """The HTML of the cards ``wanted`` (``(style, pk)`` pairs), in that order.

    Fresh copies come from the cache in one round trip; the others are rendered from the
    articles that ``fetch(pks)`` returns (fetched with ``for_cards()``) and kept.
    """
    if not wanted:
        return []
    pks = {pk for _style, pk in wanted}
    keys = _card_keys(wanted)
    records = [purge_record_key(SITE_KEY), *(purge_record_key(f"a{pk}") for pk in pks)]
    found = cache.get_many([*keys.values(), *records])
    site_purged_at = found.get(purge_record_key(SITE_KEY), 0)
    html = {}
    for (style, pk), key in keys.items():
        copy = found.get(key)
        purged_at = max(site_purged_at, found.get(purge_record_key(f"a{pk}"), 0))
        if copy is not None and copy[0] > purged_at:
            html[style, pk] = copy[1]
    missing = [pair for pair in keys if pair not in html]
    if missing:
        # Taken before the rows are read: a purge while rendering leaves the copy stale.
        rendered_at = time.time()
        articles = {article.pk: article for article in fetch({pk for _style, pk in missing})}
        kept = {}
        for style, pk in missing:
            if pk in articles:
                html[style, pk] = render_card(articles[pk], style)
                kept[keys[style, pk]] = (rendered_at, html[style, pk])
        cache.set_many(kept, settings.PUBLIC_CACHE_SECONDS + settings.PUBLIC_PAGE_STALE_SECONDS)
    return [mark_safe(html[pair]) for pair in wanted if pair in html]  # noqa: S308 - our template's output
