"""What an article page tells search engines and social networks: canonical link, OpenGraph,
Twitter card and JSON-LD; listing pages' canonical and feed links; the share row."""

import json
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.test import RequestFactory
from PIL import Image as PillowImage

from articles.models import Article
from articles.seo import json_ld_script, listing_meta
from masthead.models import SiteSettings
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    ImageFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


class HeadParser(HTMLParser):
    """Collects <meta>, <link> and JSON-LD blocks of an HTML page."""

    def __init__(self, html):
        super().__init__()
        self.meta = []  # (property or name, content)
        self.links = []  # attribute dicts
        self.json_ld = []  # parsed objects
        self.inline_scripts = []  # types of <script> elements without src
        self._in_json_ld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and "content" in attributes:
            key = attributes.get("property") or attributes.get("name")
            self.meta.append((key, attributes["content"]))
        elif tag == "link":
            self.links.append(attributes)
        elif tag == "script" and "src" not in attributes:
            self.inline_scripts.append(attributes.get("type", ""))
            self._in_json_ld = attributes.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def values(self, key):
        return [content for name, content in self.meta if name == key]

    def value(self, key):
        (content,) = self.values(key)
        return content

    def link_hrefs(self, rel):
        return [link["href"] for link in self.links if link.get("rel") == rel]


@pytest.fixture
def site_settings():
    site_settings = SiteSettings.load()
    site_settings.site_name = "The Harbour Gazette"
    site_settings.twitter_handle = "harbourgazette"
    site_settings.save()
    return SiteSettings.load()


@pytest.fixture
def op_ed(site_settings):
    profile = AuthorProfileFactory(
        display_name="Maria Jensen", slug="maria-jensen", twitter_handle="mariajensen"
    )
    article = ArticleFactory(
        published=True,
        kind=Article.Kind.OP_ED,
        title="The harbour deserves a better plan",
        dek="Why the council should think again before the cranes arrive.",
        author=profile.user,
        section=SectionFactory(name="Opinion", slug="opinion"),
        lead_image=ImageFactory(alt_text="Cranes at the east quay at dusk"),
        tags=["Harbour", "City council"],
    )
    return Article.objects.for_listing().get(pk=article.pk)


def to_the_second(moment):
    return moment.replace(microsecond=0)


def render_meta(article, site_settings, **extra):
    request = RequestFactory().get(article.get_absolute_url())
    context = {"article": article, "site_settings": site_settings, "request": request, **extra}
    return HeadParser(render_to_string("includes/article_meta.html", context))


def test_op_ed_json_ld_is_an_opinion_news_article_with_every_property(op_ed, site_settings):
    (data,) = render_meta(op_ed, site_settings).json_ld
    canonical = f"http://testserver/opinion/{op_ed.slug}/"
    largest = op_ed.lead_image.social.largest  # the 1200x630 crop, as og:image

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "OpinionNewsArticle"
    assert data["headline"] == "The harbour deserves a better plan"
    assert data["description"] == op_ed.dek
    assert data["image"] == [
        {
            "@type": "ImageObject",
            "url": f"http://testserver{default_storage.url(largest['jpeg'])}",
            "width": largest["width"],
            "height": largest["height"],
        }
    ]
    assert datetime.fromisoformat(data["datePublished"]) == to_the_second(op_ed.published_at)
    assert datetime.fromisoformat(data["dateModified"]) == to_the_second(op_ed.updated_at)
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": canonical}
    assert data["url"] == canonical
    assert data["articleSection"] == "Opinion"
    assert sorted(data["keywords"]) == ["City council", "Harbour"]
    assert data["inLanguage"] == "en"


def test_json_ld_author_is_a_person_linking_to_the_author_page(op_ed, site_settings):
    (data,) = render_meta(op_ed, site_settings).json_ld

    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Maria Jensen",
            "url": "http://testserver/author/maria-jensen/",
        }
    ]


def test_json_ld_publisher_is_the_site_with_a_logo_of_the_stated_size(op_ed, site_settings):
    (data,) = render_meta(op_ed, site_settings).json_ld
    publisher = data["publisher"]

    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "The Harbour Gazette"
    assert publisher["url"] == "http://testserver/"
    logo = publisher["logo"]
    assert logo["@type"] == "ImageObject"
    assert logo["url"] == "http://testserver/static/img/logo.png"
    with PillowImage.open(finders.find("img/logo.png")) as picture:
        assert picture.format == "PNG"
        assert picture.size == (logo["width"], logo["height"])


def test_news_article_json_ld_is_a_news_article():
    article = ArticleFactory(published=True, kind=Article.Kind.NEWS)
    article = Article.objects.for_listing().get(pk=article.pk)

    (data,) = render_meta(article, SiteSettings.load()).json_ld

    assert data["@type"] == "NewsArticle"
    assert data["keywords"] == []


def test_json_ld_cannot_be_closed_or_broken_by_article_text(site_settings):
    hostile = "</script><script>alert('x')</script> <!-- & \u2028"
    article = ArticleFactory(published=True, title=hostile, dek=hostile)
    article = Article.objects.for_listing().get(pk=article.pk)

    html = render_to_string(
        "includes/article_meta.html",
        {
            "article": article,
            "site_settings": site_settings,
            "request": RequestFactory().get("/"),
        },
    )
    block = html[html.index('<script type="application/ld+json">') :]

    assert block.count("</script") == 1
    assert "<!--" not in block
    (data,) = HeadParser(html).json_ld
    assert data["headline"] == hostile


def test_hostile_text_stays_inside_the_meta_tags_values(site_settings):
    hostile = "\"><script>alert('x')</script>&amp; 'quoted'"
    article = ArticleFactory(published=True, title=hostile, dek=hostile, tags=[hostile])
    article = Article.objects.for_listing().get(pk=article.pk)

    html = render_meta(article, site_settings)

    assert html.value("description") == hostile
    assert html.value("og:title") == f"{article.kicker} {hostile}".strip()
    assert html.value("og:description") == hostile
    assert html.values("article:tag") == [hostile]
    assert html.inline_scripts == ["application/ld+json"]


def test_json_ld_script_escapes_markup_and_keeps_the_data():
    script = str(json_ld_script({"headline": "A < B & C > D"}))

    assert script == (
        '<script type="application/ld+json">{"headline":"A \\u003C B \\u0026 C \\u003E D"}</script>'
    )


def test_opengraph_describes_the_article(op_ed, site_settings):
    head = render_meta(op_ed, site_settings)
    largest = op_ed.lead_image.social.largest

    assert head.value("og:type") == "article"
    assert head.value("og:title") == "Op-Ed: The harbour deserves a better plan"
    assert head.value("og:description") == op_ed.dek
    assert head.value("og:url") == f"http://testserver/opinion/{op_ed.slug}/"
    assert head.value("og:site_name") == "The Harbour Gazette"
    assert head.value("og:image") == f"http://testserver{default_storage.url(largest['jpeg'])}"
    assert head.value("og:image:width") == str(largest["width"])
    assert head.value("og:image:height") == str(largest["height"])
    assert head.value("og:image:type") == "image/jpeg"
    assert head.value("og:image:alt") == "Cranes at the east quay at dusk"
    assert head.value("article:published_time") == to_the_second(op_ed.published_at).isoformat()
    assert head.value("article:modified_time") == to_the_second(op_ed.updated_at).isoformat()
    assert head.value("article:section") == "Opinion"
    assert sorted(head.values("article:tag")) == ["City council", "Harbour"]
    assert head.value("article:author") == "http://testserver/author/maria-jensen/"


def test_og_and_twitter_image_are_the_1200x630_crop_of_a_large_picture(site_settings):
    image = ImageFactory(file__width=2400, file__height=1600)
    article = ArticleFactory(published=True, lead_image=image)
    article = Article.objects.for_listing().get(pk=article.pk)

    head = render_meta(article, site_settings)

    (card,) = image.crops["1200x630"]
    assert card["jpeg"].endswith("-1200x630-1200.jpg")
    assert head.value("og:image") == f"http://testserver{default_storage.url(card['jpeg'])}"
    assert head.value("twitter:image") == head.value("og:image")
    assert (head.value("og:image:width"), head.value("og:image:height")) == ("1200", "630")
    with default_storage.open(card["jpeg"]) as stored:
        assert PillowImage.open(stored).size == (1200, 630)


def test_og_image_is_the_widest_rendition_until_the_crops_are_made(site_settings):
    image = ImageFactory(file__width=2400, file__height=1600)
    article = ArticleFactory(published=True, lead_image=image)
    article = Article.objects.for_listing().get(pk=article.pk)
    article.lead_image.crops = {}  # as a row from before focal points, or crops pending

    head = render_meta(article, site_settings)

    widest = max(image.renditions, key=lambda rendition: rendition["width"])
    assert widest["width"] < 2400  # a rendition, not the original upload
    assert head.value("og:image").endswith(default_storage.url(widest["jpeg"]))
    assert head.value("og:image:width") == str(widest["width"])


def test_article_without_lead_image_shows_the_site_card(site_settings):
    article = ArticleFactory(published=True, lead_image=None)
    article = Article.objects.for_listing().get(pk=article.pk)

    head = render_meta(article, site_settings)
    (data,) = head.json_ld

    assert head.value("og:image") == "http://testserver/static/img/social-card.png"
    with PillowImage.open(finders.find("img/social-card.png")) as picture:
        assert picture.size == (int(head.value("og:image:width")), 630)
    assert data["image"][0]["url"] == "http://testserver/static/img/social-card.png"


def test_twitter_card_names_the_site_and_the_author(op_ed, site_settings):
    head = render_meta(op_ed, site_settings)

    assert head.value("twitter:card") == "summary_large_image"
    assert head.value("twitter:site") == "@harbourgazette"
    assert head.value("twitter:creator") == "@mariajensen"


def test_twitter_handles_are_left_out_when_unknown():
    article = ArticleFactory(published=True)
    article = Article.objects.for_listing().get(pk=article.pk)

    head = render_meta(article, SiteSettings.load())

    assert head.value("twitter:card") == "summary_large_image"
    assert head.values("twitter:site") == []
    assert head.values("twitter:creator") == []


def test_description_falls_back_to_the_start_of_the_body(site_settings):
    article = ArticleFactory(published=True, dek="", body="<p>The council <em>voted</em>.</p>")
    article = Article.objects.for_listing().get(pk=article.pk)

    head = render_meta(article, site_settings)

    assert head.value("description") == "The council voted."
    assert head.value("og:description") == "The council voted."


def test_article_meta_runs_no_query(op_ed, site_settings, django_assert_num_queries):
    with django_assert_num_queries(0):
        render_meta(op_ed, site_settings)


def test_preview_of_a_draft_is_never_indexed(site_settings):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    draft = Article.objects.for_listing().get(pk=draft.pk)

    head = render_meta(draft, site_settings, preview=True)

    assert head.value("robots") == "noindex, nofollow"
    assert "datePublished" not in head.json_ld[0]


# Through the real pages


def test_article_page_carries_canonical_opengraph_twitter_and_json_ld(client, op_ed):
    response = client.get(op_ed.get_absolute_url())
    head = HeadParser(response.text)

    assert response.status_code == 200
    assert head.link_hrefs("canonical") == [f"http://testserver/opinion/{op_ed.slug}/"]
    assert head.value("og:type") == "article"
    assert head.value("twitter:creator") == "@mariajensen"
    (data,) = head.json_ld
    assert data["@type"] == "OpinionNewsArticle"
    assert data["author"][0]["url"] == "http://testserver/author/maria-jensen/"
    assert head.values("robots") == []


def test_article_page_has_no_inline_script_besides_json_ld(client, op_ed):
    head = HeadParser(client.get(op_ed.get_absolute_url()).text)

    assert head.inline_scripts == ["application/ld+json"]


def test_article_page_shows_plain_share_links(client, op_ed):
    html = client.get(op_ed.get_absolute_url()).text
    canonical = f"http://testserver/opinion/{op_ed.slug}/"

    assert 'aria-label="Share this article"' in html
    share = HTMLLinks(html)
    tweet = share.query("https://twitter.com/intent/tweet")
    assert tweet == {"url": [canonical], "text": ["Op-Ed: The harbour deserves a better plan"]}
    assert share.query("https://www.facebook.com/sharer/sharer.php") == {"u": [canonical]}
    assert share.query("https://www.linkedin.com/sharing/share-offsite/") == {"url": [canonical]}
    mail = share.query("mailto:")
    assert mail["subject"] == ["Op-Ed: The harbour deserves a better plan"]
    assert canonical in mail["body"][0]


class HTMLLinks(HTMLParser):
    """The href of every <a>, to find share links by their address."""

    def __init__(self, html):
        super().__init__()
        self.hrefs = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href", ""))

    def query(self, prefix):
        (href,) = [href for href in self.hrefs if href.startswith(prefix + "?")]
        return parse_qs(urlsplit(href).query)


def test_share_row_is_built_without_third_party_script(op_ed):
    html = render_to_string(
        "includes/share_row.html",
        {"article": op_ed, "request": RequestFactory().get("/")},
    )

    assert "<script" not in html
    assert "mailto:?subject=Op-Ed%3A%20The%20harbour" in html  # %20, not "+", in mail apps


def test_section_page_links_its_canonical_address_and_its_feed(client):
    ArticleFactory(published=True, section=SectionFactory(name="Politics", slug="politics"))
    head = HeadParser(client.get("/section/politics/").text)

    assert head.link_hrefs("canonical") == ["http://testserver/section/politics/"]
    (feed_link,) = [link for link in head.links if link.get("rel") == "alternate"]
    assert feed_link["type"] == "application/rss+xml"
    assert feed_link["href"] == "http://testserver/feeds/section/politics/"
    assert feed_link["title"].endswith(": Politics")
    assert client.get("/feeds/section/politics/").status_code == 200
    assert head.values("robots") == []


def test_home_page_links_the_latest_news_feed(client):
    head = HeadParser(client.get("/").text)

    (feed_link,) = [link for link in head.links if link.get("rel") == "alternate"]
    assert feed_link["href"] == "http://testserver/feeds/latest/"
    assert head.link_hrefs("canonical") == ["http://testserver/"]


def test_search_results_are_not_indexed(client):
    ArticleFactory(published=True, title="Harbour plan approved")

    head = HeadParser(client.get("/search/?q=harbour").text)

    assert head.value("robots") == "noindex, follow"


def test_listing_meta_keeps_only_the_page_number_in_the_canonical_address():
    request = RequestFactory().get("/section/politics/", {"page": "3", "utm_source": "x"})

    meta = listing_meta(
        request,
        feed_url_name="articles:feed-section",
        feed_kwargs={"slug": "politics"},
        feed_title="Politics",
    )

    assert meta == {
        "canonical_url": "http://testserver/section/politics/?page=3",
        "feed_url": "http://testserver/feeds/section/politics/",
        "feed_title": "Politics",
        "noindex": False,
    }


def test_listing_meta_include_prints_canonical_feed_and_noindex():
    html = render_to_string(
        "includes/listing_meta.html",
        {
            "canonical_url": "http://testserver/search/",
            "feed_url": "http://testserver/feeds/latest/",
            "feed_title": "Latest News",
            "noindex": True,
        },
    )
    head = HeadParser(html)

    assert head.link_hrefs("canonical") == ["http://testserver/search/"]
    assert head.link_hrefs("alternate") == ["http://testserver/feeds/latest/"]
    assert head.value("robots") == "noindex, follow"
