"""What search engines and social networks read about a page, built in Python.

The article page's canonical link, OpenGraph and Twitter card tags and its JSON-LD
(``NewsArticle``, or ``OpinionNewsArticle`` for op-eds) come from ``article_meta()``;
listing pages get their canonical link, feed link and ``noindex`` from ``listing_meta()``;
the share row's plain links from ``share_links()``. The templates in ``templates/includes/``
only print these values, so they stay simple and never query.

JSON-LD goes into a ``<script type="application/ld+json">`` block: a data block that
browsers never run, so the strict ``script-src`` of the Content-Security-Policy does not
apply to it. ``json_ld_script()`` escapes ``<``, ``>`` and ``&`` so no text from an article
can close the block.
"""

import html
import json
from dataclasses import dataclass
from urllib.parse import quote, quote_plus, urlencode

from django.core.files.storage import default_storage
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles.timestamps import w3c_datetime
from masthead.models import SiteSettings
from newsroom.memos import language_memo
from newsroom.reversing import cached_reverse

# The shipped brand images (static/img/), with their pixel sizes.
PUBLISHER_LOGO = ("img/logo.png", 600, 60)
DEFAULT_SOCIAL_IMAGE = ("img/social-card.png", 1200, 630)

# Inside <script> only "</script" (or "<!--") could end the block; escaping every <, > and &
# as JSON unicode escapes keeps the JSON identical for a parser and inert for HTML.
_JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


@dataclass(frozen=True)
class SocialImage:
    """A picture as social cards and structured data want it: absolute URL and its size."""

    url: str
    width: int | None
    height: int | None
    alt: str = ""
    mime_type: str = "image/jpeg"


def display_title(article):
    """The headline as the site prints it, with the kind's kicker: “Op-Ed: …”."""
    return f"{article.kicker} {article.title}" if article.kicker else article.title


def description(article, site_settings=None):
    """The summary (dek); without one, the start of the body as plain text."""
    if article.dek:
        return article.dek
    # The body is HTML: after the tags go, its entities become the characters they stand for.
    text = " ".join(html.unescape(strip_tags(article.body)).split())
    if text:
        return Truncator(text).words(40)
    return (site_settings or SiteSettings.load()).tagline


def social_image(image, request):
    """The 1200x630 crop of ``image`` around its focal point (smaller for a smaller picture),
    made absolute; before that crop is made, the widest rendition (``widest_image``)."""
    if image is None:
        return None
    social = image.social
    if not social:
        return widest_image(image, request)
    card = social.largest
    return SocialImage(
        url=request.build_absolute_uri(default_storage.url(card["jpeg"])),
        width=card["width"],
        height=card["height"],
        alt=image.alt_text,
    )


def widest_image(image, request):
    """The widest JPEG rendition of ``image``, uncropped, made absolute (feed enclosures);
    None before it has any."""
    if image is None or not image.renditions:
        # No renditions (yet): the original is private, so there is nothing to show.
        return None
    widest = image.renditions[-1]
    return SocialImage(
        url=request.build_absolute_uri(image.largest_src),
        width=widest["width"],
        height=widest["height"],
        alt=image.alt_text,
    )


def default_social_image(request, site_settings):
    """The site's own card picture, for an article without a lead image."""
    path, width, height = DEFAULT_SOCIAL_IMAGE
    return SocialImage(
        url=request.build_absolute_uri(static(path)),
        width=width,
        height=height,
        alt=site_settings.site_name,
        mime_type="image/png",
    )


def publisher(request, site_settings):
    """The schema.org ``Organization`` that publishes every article, with its logo."""
    path, width, height = PUBLISHER_LOGO
    return {
        "@type": "Organization",
        "name": site_settings.site_name,
        "url": request.build_absolute_uri(cached_reverse("articles:home")),
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static(path)),
            "width": width,
            "height": height,
        },
    }


def _author_profile(article):
    # select_related stores a missing reverse one-to-one as "absent": getattr answers None.
    return getattr(article.author, "profile", None)


def author_url(article, request):
    """The absolute address of the author's page, or "" for a byline without a profile."""
    profile = _author_profile(article)
    return request.build_absolute_uri(profile.get_absolute_url()) if profile else ""


def article_json_ld(
    article,
    request,
    site_settings,
    canonical_url,
    image,
    tag_names,
    corrections=(),
    *,
    summary,
    author_address,
):
    """The schema.org ``NewsArticle`` (``OpinionNewsArticle`` for op-eds) of one article,
    with its corrections and clarifications as ``CorrectionComment``s. ``summary`` and
    ``author_address`` are the page's ``description()`` and ``author_url()``, which the
    OpenGraph tags print too."""
    author = {"@type": "Person", "name": article.author.display_name}
    if author_address:
        author["url"] = author_address
    data = {
        "@context": "https://schema.org",
        "@type": "OpinionNewsArticle" if article.is_opinion else "NewsArticle",
        "headline": article.title,
        "description": summary,
        "image": [
            {
                "@type": "ImageObject",
                "url": image.url,
                "width": image.width,
                "height": image.height,
            }
        ],
        "datePublished": w3c_datetime(article.published_at),
        "dateModified": w3c_datetime(article.updated_at),
        "author": [author],
        "publisher": publisher(request, site_settings),
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical_url},
        "url": canonical_url,
        "articleSection": article.section.name,
        "keywords": tag_names,
        "inLanguage": site_settings.language,
        "isAccessibleForFree": True,
    }
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "datePublished": w3c_datetime(notice.created_at),
                "text": f"{notice.get_kind_display()}: {notice.text}",
                "url": f"{canonical_url}#correction-{notice.pk}",
            }
            for notice in corrections
        ]
        latest = max(notice.created_at for notice in corrections)
        data["dateModified"] = w3c_datetime(max(latest, article.updated_at))
    if data["datePublished"] is None:  # a draft seen in preview
        del data["datePublished"]
    return data


def article_meta(article, request, site_settings=None, preview=False, corrections=()):
    """Everything the article page's ``<head>`` says to search engines and social networks.

    ``article`` must come from ``for_listing()`` (section, author profile, lead image and
    tags are already fetched): building this runs no query.
    """
    site_settings = site_settings or SiteSettings.load()
    # Worked out once for the tags and the JSON-LD, which print the same values (without a
    # summary, the description is the start of the body with its markup taken out).
    canonical_url = request.build_absolute_uri(article.get_absolute_url())
    summary = description(article, site_settings)
    image = social_image(article.lead_image, request) or default_social_image(
        request, site_settings
    )
    tag_names = [tag.name for tag in article.tags.all()]
    profile = _author_profile(article)
    author_address = author_url(article, request)

    opengraph = [
        ("og:type", "article"),
        ("og:title", display_title(article)),
        ("og:description", summary),
        ("og:url", canonical_url),
        ("og:site_name", site_settings.site_name),
        ("og:image", image.url),
        ("og:image:type", image.mime_type),
    ]
    if image.width and image.height:
        opengraph += [("og:image:width", str(image.width)), ("og:image:height", str(image.height))]
    if image.alt:
        opengraph.append(("og:image:alt", image.alt))
    if article.published_at:
        opengraph.append(("article:published_time", w3c_datetime(article.published_at)))
    opengraph.append(("article:modified_time", w3c_datetime(article.updated_at)))
    if profile:
        opengraph.append(("article:author", author_address))
    opengraph.append(("article:section", article.section.name))
    opengraph += [("article:tag", name) for name in tag_names]

    twitter = [("twitter:card", "summary_large_image")]
    if site_settings.twitter_handle:
        twitter.append(("twitter:site", f"@{site_settings.twitter_handle}"))
    if profile and profile.twitter_handle:
        twitter.append(("twitter:creator", f"@{profile.twitter_handle}"))
    twitter.append(("twitter:image", image.url))
    if image.alt:
        twitter.append(("twitter:image:alt", image.alt))

    return {
        "canonical_url": canonical_url,
        "description": summary,
        "opengraph": opengraph,
        "twitter": twitter,
        "json_ld": article_json_ld(
            article,
            request,
            site_settings,
            canonical_url,
            image,
            tag_names,
            corrections,
            summary=summary,
            author_address=author_address,
        ),
        # Drafts and scheduled articles seen in preview must never be indexed.
        "noindex": preview or not article.is_public,
    }


def head_tags(meta):
    """``article_meta()``'s values as the ``<head>`` markup, one tag per line.

    Printed here rather than by a template loop: about twenty tags, each with two values to
    escape, were a tenth of rendering the article page. Every value goes through
    ``html.escape`` (what Django's ``escape`` does, and what autoescaping does to text).
    """
    lines = [
        f'<meta name="description" content="{html.escape(meta["description"])}">',
        f'<link rel="canonical" href="{html.escape(meta["canonical_url"])}">',
    ]
    if meta["noindex"]:
        lines.append('<meta name="robots" content="noindex, nofollow">')
    lines += [
        f'<meta property="{html.escape(name)}" content="{html.escape(content)}">'
        for name, content in meta["opengraph"]
    ]
    lines += [
        f'<meta name="{html.escape(name)}" content="{html.escape(content)}">'
        for name, content in meta["twitter"]
    ]
    lines.append(json_ld_script(meta["json_ld"]))
    return mark_safe("\n".join(lines))  # noqa: S308 (each value escaped above)


def json_ld_script(data):
    """``data`` as a ``<script type="application/ld+json">`` block, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308 (escaped above)
    )


def listing_meta(request, *, feed_url_name=None, feed_kwargs=None, feed_title="", noindex=False):
    """Context for ``includes/listing_meta.html``: canonical link, feed link, ``noindex``.

    The canonical address keeps only the ``page`` parameter, so sorting or tracking
    parameters never make a second copy of a listing in search results.
    """
    canonical_url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":
        canonical_url += "?" + urlencode({"page": page})
    feed_url = ""
    if feed_url_name:
        feed_url = request.build_absolute_uri(reverse(feed_url_name, kwargs=feed_kwargs))
    return {
        "canonical_url": canonical_url,
        "feed_url": feed_url,
        "feed_title": feed_title,
        "noindex": noindex,
    }


def share_links(article, request):
    """Plain links that share the article on X (Twitter), Facebook, LinkedIn and by email."""
    url = request.build_absolute_uri(article.get_absolute_url())
    title = display_title(article)
    labels = _share_labels(get_language())
    # What ``urlencode`` writes for these pairs, without its checks of each pair's types.
    quoted_url, quoted_title = quote_plus(url), quote_plus(title)
    return [
        {
            "network": "x",
            "label": labels["x"],
            "url": f"https://twitter.com/intent/tweet?url={quoted_url}&text={quoted_title}",
        },
        {
            "network": "facebook",
            "label": labels["facebook"],
            "url": f"https://www.facebook.com/sharer/sharer.php?u={quoted_url}",
        },
        {
            "network": "linkedin",
            "label": labels["linkedin"],
            "url": f"https://www.linkedin.com/sharing/share-offsite/?url={quoted_url}",
        },
        {
            "network": "email",
            "label": labels["email"],
            # mailto wants %20 for spaces, not "+" (mail apps would show the plus signs).
            "url": "mailto:?"
            + urlencode({"subject": title, "body": f"{title}\n{url}"}, quote_via=quote),
        },
    ]


@language_memo(maxsize=64)
def _share_labels(language):
    """The share links' labels in ``language`` (the active one, which ``gettext`` reads)."""
    return {
        "x": _("Share on X (Twitter)"),
        "facebook": _("Share on Facebook"),
        "linkedin": _("Share on LinkedIn"),
        "email": _("Share by email"),
    }
