"""Tags in any script, or of symbols only: every page that shows or lists a tag answers 200."""

import pytest
from django.apps import apps
from django.urls import reverse
from taggit.models import Tag

from articles.tags import repair_tag_slugs
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TAG_NAMES = ["Zürich", "São Paulo", "Москва", "Cancún", ">", "北京"]


@pytest.fixture
def tagged_article():
    return ArticleFactory(published=True, tags=TAG_NAMES)


def test_tags_get_ascii_slugs_by_transliteration(tagged_article):
    slugs = dict(Tag.objects.values_list("name", "slug"))

    assert slugs["Zürich"] == "zurich"
    assert slugs["São Paulo"] == "sao-paulo"
    assert slugs["Москва"] == "moskva"
    assert slugs["Cancún"] == "cancun"
    assert slugs["北京"] == "beijing"


def test_a_tag_of_symbols_only_gets_a_generated_slug(tagged_article):
    slug = Tag.objects.get(name=">").slug

    assert slug.startswith("tag-")
    assert len(slug) > len("tag-")


def test_tags_whose_slugs_transliterate_alike_get_distinct_slugs(db):
    ArticleFactory(published=True, tags=["Zurich", "Zürich", "ZÜRICH!"])

    assert sorted(Tag.objects.values_list("slug", flat=True)) == [
        "zurich",
        "zurich-2",
        "zurich-3",
    ]


def test_a_very_long_transliterated_name_still_fits_the_slug(db):
    ArticleFactory(published=True, tags=["京" * 100])

    assert 0 < len(Tag.objects.get().slug) <= 100


def test_article_page_links_every_tag(client, tagged_article):
    response = client.get(tagged_article.get_absolute_url())

    assert response.status_code == 200
    for tag in Tag.objects.all():
        assert f'href="/tag/{tag.slug}/"' in response.text


def test_preview_shows_the_tags(client, tagged_article, moderator):
    client.force_login(moderator)

    response = client.get(reverse("publishing:preview", args=[tagged_article.pk]))

    assert response.status_code == 200
    assert "Москва" in response.text


@pytest.mark.parametrize("name", TAG_NAMES)
def test_tag_page_and_its_feeds_answer(client, tagged_article, name):
    tag = Tag.objects.get(name=name)

    page = client.get(f"/tag/{tag.slug}/")
    rss = client.get(f"/feeds/tag/{tag.slug}/")
    atom = client.get(f"/feeds/tag/{tag.slug}/atom/")

    assert page.status_code == 200
    assert tagged_article.title in page.text
    assert (rss.status_code, atom.status_code) == (200, 200)


def test_tag_sitemap_lists_every_tag(client, tagged_article):
    response = client.get("/sitemap-tags.xml")

    assert response.status_code == 200
    for tag in Tag.objects.all():
        assert f"http://testserver/tag/{tag.slug}/" in response.text


def test_front_page_topics_show_every_tag(client, tagged_article):
    response = client.get("/")

    assert response.status_code == 200
    assert "São Paulo" in response.text
    assert 'href="/tag/sao-paulo/"' in response.text


def test_a_unicode_slug_left_by_hand_is_still_served(client, tagged_article):
    tag = Tag.objects.get(name="Москва")
    Tag.objects.filter(pk=tag.pk).update(slug="москва")

    article_page = client.get(tagged_article.get_absolute_url())
    tag_page = client.get("/tag/москва/")

    assert article_page.status_code == 200
    assert tag_page.status_code == 200


def test_a_tag_whose_slug_cannot_be_addressed_is_shown_without_a_link(client, tagged_article):
    Tag.objects.filter(name=">").update(slug="")

    article_page = client.get(tagged_article.get_absolute_url())
    front_page = client.get("/")
    sitemap = client.get("/sitemap-tags.xml")

    assert (article_page.status_code, front_page.status_code, sitemap.status_code) == (
        200,
        200,
        200,
    )
    assert 'href="/tag//"' not in article_page.text
    assert "http://testserver/tag//" not in sitemap.text


def test_data_migration_repairs_slugs_of_existing_tags(db):
    Tag.objects.bulk_create(
        [
            Tag(name="Zurich", slug="zurich"),
            Tag(name="Zürich", slug="zürich"),
            Tag(name=">", slug=""),
            Tag(name="Port", slug="port"),
        ]
    )

    repaired = repair_tag_slugs(apps.get_model("taggit", "Tag"))

    assert repaired == 2
    slugs = dict(Tag.objects.values_list("name", "slug"))
    assert slugs["Zurich"] == "zurich"
    assert slugs["Zürich"] == "zurich-2"
    assert slugs[">"].startswith("tag-")
    assert slugs["Port"] == "port"
