"""Plain text in HTML-typed feed elements is escaped: a summary typed as “<img onerror=…>”
reaches feed readers as text, never as live markup."""

import html
import xml.etree.ElementTree as ElementTree

import feedparser
import pytest

from accounts.models import AuthorProfile
from masthead.models import SiteSettings
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(document.cookie)</script>",
    '"><svg onload=alert(1)>',
    "AT&amp;T &lt;b&gt;bold&lt;/b&gt; &#60;script&#62;",
    "Tom & Jerry say 1 < 2 > 0",
]


def xml_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own response)


def shows_as(element_text):
    """What an HTML-rendering feed reader shows for an element, and whether it holds markup."""
    return html.unescape(element_text), "<" in element_text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rss_item_description_carries_the_summary_escaped(client, payload):
    ArticleFactory(published=True, dek=payload)

    description = xml_of(client, "/feeds/latest/").find("channel/item/description").text

    assert shows_as(description) == (payload, False)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_atom_summary_carries_the_summary_escaped(client, payload):
    ArticleFactory(published=True, dek=payload)

    summary = xml_of(client, "/feeds/latest/atom/").find(f"{ATOM}entry/{ATOM}summary")

    if summary.get("type") == "html":
        assert shows_as(summary.text) == (payload, False)
    else:
        assert summary.text == payload


def test_a_naive_reader_finds_no_markup_in_the_summary(client):
    ArticleFactory(published=True, dek="<img src=x onerror=alert(1)> and <b>bold</b>")

    for path in ("/feeds/latest/", "/feeds/latest/atom/"):
        entry = feedparser.parse(client.get(path).content).entries[0]
        assert entry.summary == "&lt;img src=x onerror=alert(1)&gt; and &lt;b&gt;bold&lt;/b&gt;"


def test_summary_made_from_the_body_is_plain_text_escaped_once(client):
    ArticleFactory(
        published=True,
        dek="",
        body="<p>Never use &lt;script&gt; tags &amp; inline <strong>handlers</strong>.</p>",
    )

    description = xml_of(client, "/feeds/latest/").find("channel/item/description").text

    assert shows_as(description) == ("Never use <script> tags & inline handlers.", False)


def test_rss_channel_description_of_an_author_feed_is_escaped(client):
    article = ArticleFactory(published=True, section=SectionFactory(slug="port"))
    AuthorProfile.objects.filter(user=article.author).update(bio="<img src=x onerror=alert(1)>")
    slug = article.author.profile.slug

    rss = xml_of(client, f"/feeds/author/{slug}/").find("channel/description").text
    atom = xml_of(client, f"/feeds/author/{slug}/atom/").find(f"{ATOM}subtitle")

    assert shows_as(rss) == ("<img src=x onerror=alert(1)>", False)
    assert atom.get("type") in (None, "text")
    assert atom.text == "<img src=x onerror=alert(1)>"


def test_rss_channel_description_of_the_site_feed_is_escaped(client):
    SiteSettings.objects.filter(pk=1).update(tagline="<script>alert(1)</script> & more")
    ArticleFactory(published=True)

    description = xml_of(client, "/feeds/latest/").find("channel/description").text

    assert shows_as(description) == ("<script>alert(1)</script> & more", False)
