"""The one place that decides which HTML an article body may contain.

Bodies come from the rich-text editor, but anything a browser can send reaches the
server, so every body is cleaned with nh3 (the Rust ``ammonia`` sanitiser) when it is
saved, and once more when it is rendered (``{{ article.body|safe_body }}``), so even a
row written past the forms is safe to show.

The allow-list is what a news article needs and nothing more: paragraphs, sub-headings
h2 to h4, lists, links, quotes, emphasis, figures with captions, and images served from our
own media storage. Links to other sites get ``rel="nofollow noopener"``.
"""

import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "a",
        "blockquote",
        "em",
        "strong",
        "figure",
        "figcaption",
        "img",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed together with their content, not just unwrapped.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript"})
EXTERNAL_LINK_REL = "nofollow noopener"

# nh3 serialises every attribute as name="value" with quotes escaped, so these patterns
# only ever see its own regular output.
_ATTRIBUTES = r'((?:\s+[a-z][a-z0-9-]*="[^"]*")*)'
_LINK_TAG = re.compile(r"<a" + _ATTRIBUTES + r">")
_IMAGE_TAG = re.compile(r"<img" + _ATTRIBUTES + r"\s*/?>")
_HREF = re.compile(r'\shref="([^"]*)"')
_SRC = re.compile(r'\ssrc="[^"]*"')


def is_media_url(url):
    """True for an address inside our media storage (``MEDIA_URL``), nothing else."""
    media_url = settings.MEDIA_URL
    url = url.strip()
    if not url.startswith(media_url) or ".." in url or "\\" in url:
        return False
    # "/media/" must not be the start of a protocol-relative address ("//evil/media/").
    return not (media_url.startswith("/") and url.startswith("//"))


def is_external_url(url):
    """True when a link leaves the site (another host); relative links stay inside."""
    parts = urlsplit(url.strip())
    if parts.scheme in ("http", "https", "") and parts.netloc:
        own_hosts = {host.lstrip(".") for host in settings.ALLOWED_HOSTS if host != "*"}
        host = (parts.hostname or "").lower()
        return not any(host == own or host.endswith("." + own) for own in own_hosts)
    return False


def _keep_attribute(tag, attribute, value):
    if tag == "img" and attribute == "src":
        return value if is_media_url(value) else None
    if attribute in ("width", "height"):
        return value if value.isdigit() else None
    if tag == "ol" and attribute == "start":
        return value if value.isdigit() else None
    return value


def _mark_external_link(match):
    attributes = match.group(1)
    href = _HREF.search(attributes)
    if href and is_external_url(href.group(1).replace("&amp;", "&")):
        return f'<a{attributes} rel="{EXTERNAL_LINK_REL}">'
    return match.group(0)


def _drop_image_without_source(match):
    return match.group(0) if _SRC.search(match.group(1)) else ""


def sanitize_body(html):
    """Return ``html`` reduced to the article allow-list; safe to render as it is."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_attribute,
        url_schemes=set(LINK_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    cleaned = _IMAGE_TAG.sub(_drop_image_without_source, cleaned)
    cleaned = _LINK_TAG.sub(_mark_external_link, cleaned)
    # The editor leaves one empty paragraph in an empty document.
    return "" if cleaned.strip() in ("", "<p></p>") else cleaned.strip()
