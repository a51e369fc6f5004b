"""RSS and Atom feeds: only public articles, newest first, at most 20, every item complete."""

from datetime import timedelta

import feedparser
import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.feeds import ITEMS_PER_FEED
from articles.models import Article
from masthead.models import SiteSettings
from media.models import Image
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    ImageFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def published(hours_ago, **kwargs):
    return ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=hours_ago),
        **kwargs,
    )


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def test_latest_feed_is_valid_rss_listing_public_articles_newest_first(client):
    older = published(5)
    newest = published(1)
    middle = published(3)

    feed = parse(client, "/feeds/latest/")

    assert feed.version == "rss20"
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver{article.get_absolute_url()}" for article in (newest, middle, older)
    ]


def test_feed_leaves_out_drafts_scheduled_rejected_and_unpublished_articles(client):
    public = published(2)
    ArticleFactory(status=Article.Status.DRAFT)
    ArticleFactory(status=Article.Status.SUBMITTED)
    ArticleFactory(status=Article.Status.REJECTED)
    ArticleFactory(
        status=Article.Status.UNPUBLISHED, published_at=timezone.now() - timedelta(hours=3)
    )
    published(-2)  # scheduled two hours from now

    feed = parse(client, "/feeds/latest/")

    assert [entry.link for entry in feed.entries] == [
        f"http://testserver{public.get_absolute_url()}"
    ]


def test_feed_stops_at_twenty_items(client):
    section = SectionFactory()
    articles = [published(hours, section=section) for hours in range(1, ITEMS_PER_FEED + 4)]

    feed = parse(client, "/feeds/latest/")

    assert ITEMS_PER_FEED == 20
    assert len(feed.entries) == 20
    assert feed.entries[-1].link.endswith(articles[19].get_absolute_url())


def test_feed_item_carries_kicker_link_guid_author_date_summary_tags_and_image(client):
    profile = AuthorProfileFactory(display_name="Maria Jensen")
    op_ed = published(
        2,
        kind=Article.Kind.OP_ED,
        title="The harbour deserves a better plan",
        dek="Why the council should think again.",
        author=profile.user,
        lead_image=ImageFactory(),
        tags=["Harbour", "City council"],
    )
    permalink = f"http://testserver{op_ed.get_absolute_url()}"

    entry = parse(client, "/feeds/latest/").entries[0]

    assert entry.title == "Op-Ed: The harbour deserves a better plan"
    assert entry.link == permalink
    assert entry.id == permalink
    assert f'<guid isPermaLink="true">{permalink}</guid>' in client.get("/feeds/latest/").text
    assert entry.author == "Maria Jensen"
    assert entry.published_parsed[:6] == op_ed.published_at.utctimetuple()[:6]
    assert entry.summary == "Why the council should think again."
    assert sorted(tag.term for tag in entry.tags) == ["City council", "Harbour"]


def test_feed_item_encloses_the_largest_jpeg_rendition_of_the_lead_image(client):
    image = ImageFactory()
    published(1, lead_image=image)
    largest = image.renditions[-1]

    (enclosure,) = parse(client, "/feeds/latest/").entries[0].enclosures

    assert enclosure.href == f"http://testserver{default_storage.url(largest['jpeg'])}"
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == default_storage.size(largest["jpeg"])


def test_feed_still_answers_when_an_image_file_has_gone_missing(client):
    image = ImageFactory()
    # Renditions made before their sizes were stored: the feed asks the storage.
    renditions = [
        {key: value for key, value in rendition.items() if key != "jpeg_bytes"}
        for rendition in image.renditions
    ]
    Image.objects.filter(pk=image.pk).update(renditions=renditions)
    published(1, lead_image=image)
    default_storage.delete(image.renditions[-1]["jpeg"])

    response = client.get("/feeds/latest/")
    (enclosure,) = feedparser.parse(response.content).entries[0].enclosures

    assert response.status_code == 200
    assert enclosure.length == "0"  # unknown size, as RSS allows


def test_feed_enclosure_length_is_the_size_stored_with_the_rendition(client):
    image = ImageFactory()
    published(1, lead_image=image)

    (enclosure,) = parse(client, "/feeds/latest/").entries[0].enclosures

    assert enclosure.length == str(image.renditions[-1]["jpeg_bytes"])
    assert int(enclosure.length) == default_storage.size(image.renditions[-1]["jpeg"])


def test_feed_item_without_lead_image_has_no_enclosure(client):
    published(1, lead_image=None)

    entry = parse(client, "/feeds/latest/").entries[0]

    assert entry.enclosures == []


def test_feed_channel_names_the_site_and_its_language(client):
    site_settings = SiteSettings.load()
    site_settings.site_name = "The Harbour Gazette"
    site_settings.language = "de"
    site_settings.save()

    feed = parse(client, "/feeds/latest/").feed

    assert feed.title == "The Harbour Gazette: Latest News"
    assert feed.language == "de"
    assert feed.link == "http://testserver/"


def test_section_feed_lists_only_that_section(client):
    politics = SectionFactory(name="Politics", slug="politics")
    in_politics = published(2, section=politics)
    published(1, section=SectionFactory(slug="sport"))

    feed = parse(client, "/feeds/section/politics/")

    assert feed.feed.title.endswith(": Politics")
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver{in_politics.get_absolute_url()}"
    ]


def test_tag_feed_lists_only_articles_with_that_tag(client):
    tagged = published(2, tags=["Harbour"])
    published(1, tags=["Elections"])

    feed = parse(client, "/feeds/tag/harbour/")

    assert feed.feed.title.endswith(": Harbour")
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver{tagged.get_absolute_url()}"
    ]


def test_author_feed_lists_only_that_authors_articles(client):
    profile = AuthorProfileFactory(display_name="Ana Ruiz", slug="ana-ruiz")
    theirs = published(2, author=profile.user)
    published(1)

    feed = parse(client, "/feeds/author/ana-ruiz/")

    assert feed.feed.title.endswith(": Ana Ruiz")
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver{theirs.get_absolute_url()}"
    ]


@pytest.mark.parametrize(
    "url", ["/feeds/section/nowhere/", "/feeds/tag/nothing/", "/feeds/author/nobody/"]
)
def test_feed_of_something_unknown_is_not_found(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/latest/atom/",
        "/feeds/section/politics/atom/",
        "/feeds/tag/harbour/atom/",
        "/feeds/author/ana-ruiz/atom/",
    ],
)
def test_atom_feeds_are_valid_and_carry_the_same_items(client, url):
    profile = AuthorProfileFactory(display_name="Ana Ruiz", slug="ana-ruiz")
    article = published(
        1,
        section=SectionFactory(name="Politics", slug="politics"),
        author=profile.user,
        kind=Article.Kind.ANALYSIS,
        lead_image=ImageFactory(),
        tags=["Harbour"],
    )

    feed = parse(client, url)

    assert feed.version == "atom10"
    (entry,) = feed.entries
    assert entry.title == f"Analysis: {article.title}"
    assert entry.link == f"http://testserver{article.get_absolute_url()}"
    assert entry.author == "Ana Ruiz"
    assert [link.rel for link in entry.links] == ["alternate", "enclosure"]


def test_feed_title_with_markup_characters_reaches_the_reader_as_text(client):
    published(1, title="Profits < costs & the port's future")

    entry = parse(client, "/feeds/latest/").entries[0]

    assert entry.title == "Profits < costs & the port's future"


@pytest.mark.parametrize("article_count", [1, ITEMS_PER_FEED])
def test_feed_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, article_count):
    section = SectionFactory(slug="politics")
    for hours in range(article_count):
        published(
            hours + 1,
            section=section,
            lead_image=ImageFactory(),
            tags=[f"topic {hours}", f"theme {hours}", "harbour"],
        )
    SiteSettings.load()  # cached, as on a running site

    # The section, the articles (with section, author, profile, image) and their tags.
    with django_assert_max_num_queries(3):
        response = client.get("/feeds/section/politics/")

    assert len(feedparser.parse(response.content).entries) == article_count


def test_feed_is_cacheable_for_anonymous_readers(client):
    published(1)

    response = client.get("/feeds/latest/")

    assert "public" in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_atom_feed_times_are_to_the_second(client):
    article = published(1)
    assert article.published_at.microsecond  # PostgreSQL keeps microseconds

    content = client.get("/feeds/latest/atom/").content.decode()

    expected = article.published_at.replace(microsecond=0).isoformat()
    assert f"<published>{expected}</published>" in content
    assert f".{article.published_at.microsecond:06d}" not in content
