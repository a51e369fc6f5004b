"""Related articles: which public articles an article page suggests, and in what order."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import querysets
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TAGS = ["port", "rail", "budget"]


def related_titles(article, limit=4):
    tag_ids = [tag.pk for tag in article.tags.all()]
    return [
        related.title
        for related in Article.objects.for_cards().related_to(article, tag_ids, limit=limit)
    ]


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def public_article(title, tags, published_at):
    return ArticleFactory(published=True, title=title, tags=tags, published_at=published_at)


def test_most_shared_tags_first_then_newest():
    article = ArticleFactory(published=True, tags=TAGS)
    public_article("One tag, newest", ["port"], hours_ago(1))
    public_article("Two tags, older", TAGS[:2], hours_ago(5))
    public_article("Two tags, newer", TAGS[1:], hours_ago(3))
    public_article("Three tags, oldest", TAGS, hours_ago(9))
    assert related_titles(article) == [
        "Three tags, oldest",
        "Two tags, newer",
        "Two tags, older",
        "One tag, newest",
    ]


def test_same_tags_and_publication_time_newest_id_first():
    article = ArticleFactory(published=True, tags=["port"])
    moment = hours_ago(2)
    first = public_article("Created first", ["port"], moment)
    second = public_article("Created second", ["port"], moment)
    assert second.pk > first.pk
    assert related_titles(article) == ["Created second", "Created first"]


def test_articles_readers_cannot_see_take_no_place():
    article = ArticleFactory(published=True, tags=TAGS)
    ArticleFactory(title="A draft", tags=TAGS)
    public_article("Scheduled", TAGS, published_at=hours_ago(-1))
    ArticleFactory(status=Article.Status.UNPUBLISHED, title="Unpublished", tags=TAGS)
    for number in range(2):
        ArticleFactory(published=True, title=f"Public {number}", tags=["port"])
    assert related_titles(article, limit=2) == ["Public 1", "Public 0"]


def test_the_article_itself_is_not_related():
    article = ArticleFactory(published=True, title="The article", tags=TAGS)
    ArticleFactory(published=True, title="Another", tags=["rail"])
    assert related_titles(article) == ["Another"]


def test_an_article_without_tags_has_no_related_articles(django_assert_num_queries):
    article = ArticleFactory(published=True)
    ArticleFactory(published=True)
    with django_assert_num_queries(0):
        assert list(Article.objects.related_to(article, [])) == []


def test_candidates_are_the_newest_articles_of_each_tag(monkeypatch):
    monkeypatch.setattr(querysets, "RELATED_CANDIDATES_PER_TAG", 2)
    article = ArticleFactory(published=True, tags=["port"])
    ArticleFactory(published=True, title="Old but close", tags=TAGS)
    ArticleFactory(published=True, title="Newer", tags=["port"])
    ArticleFactory(published=True, title="Newest", tags=["port"])
    # The two newest links of "port" are the candidates; the older article is not counted.
    assert sorted(related_titles(article)) == ["Newer", "Newest"]


def test_related_articles_are_one_query(django_assert_num_queries):
    article = ArticleFactory(published=True, tags=TAGS)
    for number in range(6):
        ArticleFactory(published=True, title=f"Related {number}", tags=TAGS[: 1 + number % 3])
    tag_ids = [tag.pk for tag in article.tags.all()]
    with django_assert_num_queries(1):
        related = list(Article.objects.for_cards().related_to(article, tag_ids))
    assert len(related) == 4
    assert all(item.section.name and item.author.profile for item in related)
