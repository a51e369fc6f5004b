"""Sitemaps: valid against the sitemaps.org and Google schemas, and listing only public pages."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.caching import purge_public_pages
from articles.models import Article, Section
from articles.sitemaps import ArticleSitemap, news_language
from masthead.models import SiteSettings
from tests.factories import ArticleFactory, AuthorProfileFactory, ImageFactory, SectionFactory
from tests.schemas import NAMESPACES, sitemap_index_schema, urlset_schema

pytestmark = pytest.mark.django_db


def published(hours_ago, **kwargs):
    return ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=hours_ago),
        **kwargs,
    )


def hidden_articles(**kwargs):
    """One article in every state a reader must not see."""
    return [
        ArticleFactory(status=Article.Status.DRAFT, **kwargs),
        ArticleFactory(status=Article.Status.SUBMITTED, **kwargs),
        ArticleFactory(status=Article.Status.REJECTED, **kwargs),
        ArticleFactory(
            status=Article.Status.UNPUBLISHED,
            published_at=timezone.now() - timedelta(hours=5),
            **kwargs,
        ),
        published(-3, **kwargs),  # scheduled in three hours
    ]


def get_urlset(client, url):
    """Fetch a sitemap, validate it against the schemas, return its parsed XML."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    urlset_schema().validate(response.content.decode())
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own response)


def get_index(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    sitemap_index_schema().validate(response.content.decode())
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own response)


def locations(root):
    return [element.text for element in root.iterfind("sm:url/sm:loc", NAMESPACES)]


def index_locations(root):
    return [element.text for element in root.iterfind("sm:sitemap/sm:loc", NAMESPACES)]


def test_index_is_valid_and_lists_every_non_empty_sitemap(client):
    politics = SectionFactory(name="Politics", slug="politics")
    SectionFactory(name="Sport", slug="sport")  # no articles: no article sitemap
    published(2, section=politics, tags=["Harbour"])

    root = get_index(client)

    assert index_locations(root) == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-sections.xml",
        "http://testserver/sitemap-tags.xml",
        "http://testserver/sitemap-authors.xml",
        "http://testserver/sitemap-news.xml",
        "http://testserver/sitemap-articles-politics.xml",
    ]


def test_index_gives_each_article_sitemap_the_time_of_its_latest_change(client):
    politics = SectionFactory(slug="politics")
    published(30, section=politics)
    latest = published(2, section=politics)

    root = get_index(client)

    lastmod = root.find(
        "sm:sitemap[sm:loc='http://testserver/sitemap-articles-politics.xml']/sm:lastmod",
        NAMESPACES,
    ).text
    assert lastmod == latest.updated_at.replace(microsecond=0).isoformat()


def test_index_lists_further_pages_of_a_long_article_sitemap(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    politics = SectionFactory(slug="politics")
    for hours in range(1, 6):
        published(hours, section=politics)

    root = get_index(client)
    second_page = get_urlset(client, "/sitemap-articles-politics.xml?p=3")

    assert [loc for loc in index_locations(root) if "articles-politics" in loc] == [
        "http://testserver/sitemap-articles-politics.xml",
        "http://testserver/sitemap-articles-politics.xml?p=2",
        "http://testserver/sitemap-articles-politics.xml?p=3",
    ]
    assert len(locations(second_page)) == 1


def test_article_sitemap_lists_only_public_articles_newest_first(client):
    politics = SectionFactory(slug="politics")
    older = published(10, section=politics)
    newer = published(1, section=politics)
    hidden_articles(section=politics)

    root = get_urlset(client, "/sitemap-articles-politics.xml")

    assert locations(root) == [
        f"http://testserver{newer.get_absolute_url()}",
        f"http://testserver{older.get_absolute_url()}",
    ]


def test_article_entry_has_lastmod_and_lead_image(client):
    image = ImageFactory()
    article = published(1, section=SectionFactory(slug="politics"), lead_image=image)

    root = get_urlset(client, "/sitemap-articles-politics.xml")

    (url,) = root.iterfind("sm:url", NAMESPACES)
    assert url.find("sm:lastmod", NAMESPACES).text == (
        article.updated_at.replace(microsecond=0).isoformat()
    )
    assert [element.text for element in url.iterfind("image:image/image:loc", NAMESPACES)] == [
        f"http://testserver{default_storage.url(image.renditions[-1]['jpeg'])}"
    ]


def test_article_without_lead_image_has_no_image_entry(client):
    published(1, section=SectionFactory(slug="politics"), lead_image=None)

    root = get_urlset(client, "/sitemap-articles-politics.xml")

    assert root.find("sm:url/image:image", NAMESPACES) is None


def test_sitemap_of_a_section_without_public_articles_is_not_found(client):
    section = SectionFactory(slug="sport")
    hidden_articles(section=section)

    assert client.get("/sitemap-articles-sport.xml").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sections_sitemap_lists_every_section(client):
    SectionFactory(name="Politics", slug="politics", order=1)
    SectionFactory(name="Sport", slug="sport", order=2)

    root = get_urlset(client, "/sitemap-sections.xml")

    assert locations(root) == [
        "http://testserver/section/politics/",
        "http://testserver/section/sport/",
    ]


def test_tags_sitemap_lists_only_tags_of_public_articles(client):
    published(1, tags=["Harbour", "Elections"])
    for article in hidden_articles():
        article.tags.add("Secret plans")

    root = get_urlset(client, "/sitemap-tags.xml")

    assert locations(root) == [
        "http://testserver/tag/elections/",
        "http://testserver/tag/harbour/",
    ]


def test_authors_sitemap_lists_only_authors_with_public_articles(client):
    writer = AuthorProfileFactory(slug="ana-ruiz")
    published(1, author=writer.user)
    published(2, author=writer.user)
    hidden_articles()  # each by another writer

    root = get_urlset(client, "/sitemap-authors.xml")

    assert locations(root) == ["http://testserver/author/ana-ruiz/"]


def test_pages_sitemap_lists_the_front_page_and_the_archive(client):
    published(1)

    root = get_urlset(client, "/sitemap-pages.xml")

    assert locations(root) == ["http://testserver/", "http://testserver/archive/"]


def test_news_sitemap_lists_public_articles_of_the_last_48_hours(client):
    recent = published(2)
    yesterday = published(30)
    published(49)
    hidden_articles()

    root = get_urlset(client, "/sitemap-news.xml")

    assert locations(root) == [
        f"http://testserver{recent.get_absolute_url()}",
        f"http://testserver{yesterday.get_absolute_url()}",
    ]


def test_news_entry_names_publication_language_date_and_title(client):
    site_settings = SiteSettings.load()
    site_settings.site_name = "The Harbour Gazette"
    site_settings.language = "en-gb"
    site_settings.save()
    op_ed = published(2, kind=Article.Kind.OP_ED, title="The harbour deserves a better plan")

    root = get_urlset(client, "/sitemap-news.xml")

    news = root.find("sm:url/news:news", NAMESPACES)
    assert news.find("news:publication/news:name", NAMESPACES).text == "The Harbour Gazette"
    assert news.find("news:publication/news:language", NAMESPACES).text == "en"
    assert news.find("news:publication_date", NAMESPACES).text == (
        op_ed.published_at.replace(microsecond=0).isoformat()
    )
    assert news.find("news:title", NAMESPACES).text == "Op-Ed: The harbour deserves a better plan"


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "en"), ("en-us", "en"), ("pt_BR", "pt"), ("zh-cn", "zh-cn"), ("zh-hant", "zh-tw")],
)
def test_news_language_is_what_google_news_accepts(code, expected):
    assert news_language(code) == expected


def test_news_sitemap_is_in_the_index_only_while_there_is_recent_news(client):
    published(60)
    assert "http://testserver/sitemap-news.xml" not in index_locations(get_index(client))

    published(1)
    purge_public_pages()  # as publishing does
    assert "http://testserver/sitemap-news.xml" in index_locations(get_index(client))


def test_sitemap_escapes_addresses_and_titles_as_xml(client):
    published(1, title="Profits < costs & the port's future")

    root = get_urlset(client, "/sitemap-news.xml")

    title = root.find("sm:url/news:news/news:title", NAMESPACES).text
    assert title == "Profits < costs & the port's future"


@pytest.mark.parametrize("scale", [1, 8])
def test_index_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, scale):
    for number in range(scale):
        section = SectionFactory(slug=f"section-{number}")
        for hours in range(1, scale + 1):
            published(hours, section=section, tags=[f"topic {number}"])
    SiteSettings.load(), Section.navigation()  # cached, as on a running site

    # Counts per section, then the tag, author and news counts.
    with django_assert_max_num_queries(4):
        response = client.get("/sitemap.xml")

    assert response.content.count(b"sitemap-articles-") == scale


@pytest.mark.parametrize("scale", [1, 30])
def test_article_sitemap_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, scale
):
    section = SectionFactory(slug="politics")
    for hours in range(1, scale + 1):
        published(hours, section=section, lead_image=ImageFactory())
    SiteSettings.load(), Section.navigation()  # cached, as on a running site

    # Counts per section, then the page of articles with their images.
    with django_assert_max_num_queries(2):
        response = client.get("/sitemap-articles-politics.xml")

    assert response.content.count(b"<image:image>") == scale


def test_sitemaps_are_cacheable_for_anonymous_readers(client):
    published(1)

    response = client.get("/sitemap.xml")

    assert "public" in response["Cache-Control"]
    assert not response.cookies
