"""The one place that decides which HTML an article body may contain.

Bodies come from the rich-text editor, but anything a browser can send reaches the
server, so every body is cleaned with nh3 (the Rust ``ammonia`` sanitiser) when it is
saved, and once more when it is rendered (``articles.inline_images.render_body``, or
``{{ article.body|safe_body }}``), so even a row written past the forms is safe to show.

The allow-list is what a news article needs and nothing more: paragraphs, sub-headings
h2 to h4, lists, links, quotes, emphasis, figures with captions, and images served from our
own media storage. Links to other sites get ``rel="nofollow noopener"``.

A picture from the library is kept as an empty figure naming it,
``<figure data-image="123"></figure>``; the page fills it in with the picture's renditions,
caption and credit when it is shown (``articles.inline_images``). An image from anywhere
else is never kept: the article form refuses it with a message naming it
(``external_images``), and this cleaner drops it from anything that gets past the form.
"""

import re
from html.parser import HTMLParser
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
# The attribute naming a library picture on an inline figure (its ``Image`` number).
INLINE_IMAGE_ATTRIBUTE = "data-image"
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "figure": {INLINE_IMAGE_ATTRIBUTE},
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
_INLINE_FIGURE_START = re.compile(r"<figure " + INLINE_IMAGE_ATTRIBUTE + r'="(\d+)">')
# A library figure holds nothing of its own: whatever was typed inside is dropped (the
# picture's caption and credit come from the library). One without a figure nested inside.
_INLINE_FIGURE = re.compile(
    r"<figure " + INLINE_IMAGE_ATTRIBUTE + r'="(\d+)">(?:(?!<figure).)*?</figure>', re.DOTALL
)


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


def is_inline_image_id(value):
    """True for the number of a library picture as an inline figure names it."""
    return value.isascii() and value.isdigit() and 0 < len(value) <= 10 and int(value) > 0


def _keep_attribute(tag, attribute, value):
    if tag == "img" and attribute == "src":
        return value if is_media_url(value) else None
    return _keep_other_attribute(tag, attribute, value)


def _keep_attribute_and_any_image(tag, attribute, value):
    if tag == "img" and attribute == "src":
        return value if urlsplit(value.strip()).scheme in ("http", "https", "") else None
    return _keep_other_attribute(tag, attribute, value)


def _keep_other_attribute(tag, attribute, value):
    if tag == "figure" and attribute == INLINE_IMAGE_ATTRIBUTE:
        return str(int(value)) if is_inline_image_id(value) else None
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


def _empty_inline_figure(match):
    return f'<figure {INLINE_IMAGE_ATTRIBUTE}="{match.group(1)}"></figure>'


def inline_image_ids(html):
    """The library pictures a cleaned body shows, by number, in order, each once."""
    return list(dict.fromkeys(int(number) for number in _INLINE_FIGURE_START.findall(html or "")))


def inline_figure_marker(image_id):
    """The text a cleaned body holds where it shows library picture ``image_id``: what
    ``Article.objects.showing_image`` looks for."""
    return f'<figure {INLINE_IMAGE_ATTRIBUTE}="{int(image_id)}">'


class _ImageSources(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sources = []

    def handle_starttag(self, tag, attributes):
        if tag == "img":
            self.sources.append(dict(attributes).get("src") or "")

    handle_startendtag = handle_starttag


def external_images(html):
    """The addresses of the images in ``html`` (as typed, before cleaning) that are not in
    our media storage, each once: pictures must come from the library, so the article
    form refuses a body holding any of them rather than silently dropping them."""
    parser = _ImageSources()
    parser.feed(html or "")
    parser.close()
    sources = (src.strip() for src in parser.sources)
    return list(dict.fromkeys(src for src in sources if src and not is_media_url(src)))


def sanitize_body(html, keep_external_images=False):
    """Return ``html`` reduced to the article allow-list; safe to render as it is.

    ``keep_external_images`` keeps the http(s) address of an image from elsewhere, for a
    copy of the form that is never shown as a page (an autosave): the writer gets back what
    they typed, and the article form then says which picture to replace."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_attribute_and_any_image if keep_external_images else _keep_attribute,
        url_schemes=set(LINK_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    cleaned = _IMAGE_TAG.sub(_drop_image_without_source, cleaned)
    cleaned = _INLINE_FIGURE.sub(_empty_inline_figure, cleaned).replace("<figure></figure>", "")
    cleaned = _LINK_TAG.sub(_mark_external_link, cleaned)
    # The editor leaves one empty paragraph in an empty document.
    return "" if cleaned.strip() in ("", "<p></p>") else cleaned.strip()
