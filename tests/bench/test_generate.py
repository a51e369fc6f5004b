"""The archive generator, at a small scale: the rows it writes make a working site."""

import pytest
from django.db.models import Count
from taggit.models import Tag

from accounts.models import AuthorProfile
from articles.models import Article, Section, TaggedArticle
from bench.generate import generate
from media.models import Image
from readership.models import DailyReads

pytestmark = pytest.mark.django_db

ARTICLES = 120


@pytest.fixture
def archive():
    generate(articles=ARTICLES, authors=6, tags=40, verbose=False)


def test_generates_the_requested_archive(archive):
    assert Article.objects.count() == ARTICLES
    assert Section.objects.count() == 8
    assert AuthorProfile.objects.count() == 6
    assert Tag.objects.count() == 40


def test_every_article_has_three_to_eight_tags_and_their_names(archive):
    per_article = Article.objects.annotate(tag_count=Count("tags"))

    assert {article.tag_count for article in per_article} <= set(range(3, 9))
    article = per_article.first()
    assert article.tag_names == " ".join(sorted(tag.name for tag in article.tags.all()))


def test_tags_follow_a_long_tail(archive):
    uses = list(TaggedArticle.objects.values("tag").annotate(uses=Count("id")).order_by("-uses"))

    assert uses[0]["uses"] > 4 * uses[-1]["uses"]


def test_bodies_are_about_eight_hundred_words_of_html(archive):
    body = Article.objects.first().body

    assert 750 <= len(body.split()) <= 1000
    assert body.startswith("<p>")
    assert "<h2>" in body


def test_kinds_statuses_and_pictures_are_mixed(archive):
    kinds = set(Article.objects.values_list("kind", flat=True))
    assert {Article.Kind.NEWS, Article.Kind.OP_ED} <= kinds
    assert Article.objects.published().count() > ARTICLES * 0.9
    assert Article.objects.filter(lead_image__isnull=False).count() > ARTICLES / 2
    image = Image.objects.first()
    assert image.width and image.height
    assert len(image.renditions) >= 2


def test_generated_articles_are_found_by_search_on_a_tag_name(archive):
    article = Article.objects.published().first()
    tag_name = article.tags.first().name

    assert Article.objects.published().filter(search_vector=tag_name).exists()


def test_top_news_has_picks_and_read_counts(archive):
    assert Article.objects.filter(top_rank__isnull=False).count() == 3
    assert DailyReads.objects.exists()
    assert Article.objects.top()[0].top_rank == 1


def test_site_pages_answer_with_the_generated_archive(archive, client):
    article = Article.objects.published().filter(kind=Article.Kind.OP_ED).first()

    assert client.get("/").status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/section/politics/").status_code == 200


def test_published_articles_carry_the_related_ids_the_site_would_choose(archive):
    published = list(Article.objects.filter(status="published").order_by("-pk")[:15])

    assert published
    for article in published:
        assert article.related_ids == article.choose_related()
    assert any(article.related_ids for article in published)
    assert not Article.objects.exclude(status="published").filter(related_ids__isnull=False)
