"""Queries compiled once and prepared on the server (newsroom/prepared.py): the same objects
as the queryset gives, "now" read at each run, one statement on the server, counted like
any query, and clear errors when used wrongly."""

import re
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import BigIntegerField, CharField, F
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.views.article import MORE_FROM_AUTHOR, cards_by_id, public_article
from newsroom.prepared import InArray, Placeholder, PreparedQuery
from tests.factories import ArticleFactory, AuthorProfileFactory, ImageFactory

pytestmark = pytest.mark.django_db


def by_slug():
    return PreparedQuery(
        lambda: (
            Article.objects.published()
            .for_cards()
            .filter(slug=Placeholder("slug", CharField()))[:2]
        )
    )


def statements_on_server():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        return dict(cursor.fetchall())


@pytest.fixture
def article():
    profile = AuthorProfileFactory()
    others = ArticleFactory.create_batch(
        3, published=True, author=profile.user, tags=["budget", "council"]
    )
    return ArticleFactory(
        published=True,
        author=profile.user,
        lead_image=ImageFactory(),
        tags=["council", "budget", "harbour"],
        related_ids=[other.pk for other in others],
    )


def test_the_article_page_query_gives_what_the_queryset_gives(article):
    expected = (
        Article.objects.published()
        .for_listing()
        .with_tags()
        .with_neighbour_ids(more_from_author=MORE_FROM_AUTHOR)
        .with_corrections()
        .get(section__slug=article.section.slug, slug=article.slug)
    )

    with CaptureQueriesContext(connection) as queries:
        found = public_article.get(section=article.section.slug, slug=article.slug)
        # Related objects came with it, as select_related brings them.
        names = (found.section.name, found.author.profile.display_name, found.lead_image.alt_text)

    assert len(queries) == 1
    assert names == (
        expected.section.name,
        expected.author.profile.display_name,
        expected.lead_image.alt_text,
    )
    fields = {name for name in vars(expected) if not name.startswith("_")}
    assert {name: getattr(found, name) for name in fields} == {
        name: getattr(expected, name) for name in fields
    }
    assert [row[2] for row in found.tag_rows] == ["council", "budget", "harbour"]
    assert sorted(found.more_from_author_ids) == sorted(article.related_ids)


def test_compiled_once_and_prepared_once_on_the_server(article):
    query = by_slug()
    assert query(slug=article.slug) == [article]

    with mock.patch.object(SQLCompiler, "as_sql", autospec=True) as compile_sql:
        for _ in range(3):
            assert query(slug=article.slug) == [article]
    assert compile_sql.call_count == 0

    runs = [count for sql, count in statements_on_server().items() if article_table(sql)]
    assert runs == [4], "one statement on the server, run four times"


def article_table(sql):
    return re.search(r'"articles_article"\."slug" = \(\$\d\)', sql) is not None


def test_constants_are_written_into_the_statement_only_placeholders_are_parameters(article):
    query = by_slug()
    for _ in range(6):  # past the runs after which PostgreSQL may plan for any value
        assert query(slug=article.slug) == [article]

    [statement] = [sql for sql in statements_on_server() if article_table(sql)]
    # The status is text of the statement, so a generic plan can use the partial indexes
    # made for published articles; the slug and the time of the run are its two parameters.
    assert "= 'published'" in statement
    assert sorted(set(re.findall(r"\$\d+", statement))) == ["$1", "$2"]


def test_the_article_page_query_planned_for_any_value_finds_the_article(article):
    values = {"section": article.section.slug, "slug": article.slug}
    public_article.get(**values)
    with connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_generic_plan")
    try:
        before = sum(statements_on_server().values())
        found = public_article.get(**values)
        with connection.cursor() as cursor:
            cursor.execute("SELECT sum(generic_plans) FROM pg_prepared_statements")
            generic_runs = cursor.fetchone()[0]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET plan_cache_mode")

    assert found == article
    assert found.more_from_author_ids == [
        other.pk
        for other in Article.objects.filter(author=article.author)
        .exclude(pk=article.pk)
        .order_by("-published_at", "-pk")
    ]
    assert sum(statements_on_server().values()) == before + 1 and generic_runs >= 1


def test_a_percent_sign_in_a_constant_is_kept(article):
    article.title = "Rates rise 5% in the harbour"
    article.save(update_fields=["title"])
    query = PreparedQuery(
        lambda: Article.objects.filter(
            title__contains="5% in", slug=Placeholder("slug", CharField())
        )
    )
    for _ in range(6):
        assert query(slug=article.slug) == [article]
    assert query(slug="no-such-article") == []


def test_now_is_read_at_each_run_not_when_compiled(article):
    query = by_slug()
    scheduled = ArticleFactory(
        status=Article.Status.PUBLISHED, published_at=timezone.now() + timedelta(hours=2)
    )
    assert query(slug=scheduled.slug) == []

    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert query(slug=scheduled.slug) == [scheduled]


def test_any_number_of_ids_is_one_statement(article):
    pks = list(Article.objects.values_list("pk", flat=True))
    before = len(statements_on_server())

    for count in (1, 2, len(pks)):
        assert {card.pk for card in cards_by_id(ids=pks[:count])} == set(pks[:count])
    assert cards_by_id(ids=[]) == []

    assert len(statements_on_server()) - before <= 1


def test_counted_and_logged_with_its_values_like_any_query(article):
    with CaptureQueriesContext(connection) as queries:
        by_slug()(slug=article.slug)
    assert len(queries) == 1
    assert f'"articles_article"."slug" = (\'{article.slug}\')' in queries[0]["sql"]


def test_without_prepared_statements_the_same_rows_and_nothing_prepared(article, monkeypatch):
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "prepare_threshold", None)
    before = statements_on_server()

    assert by_slug()(slug=article.slug) == [article]

    assert statements_on_server() == before


def test_get_raises_as_queryset_get(article):
    query = PreparedQuery(
        lambda: Article.objects.for_cards().filter(
            InArray(F("pk"), Placeholder("ids", ArrayField(BigIntegerField())))
        )[:2]
    )
    with pytest.raises(Article.DoesNotExist):
        query.get(ids=[0])
    with pytest.raises(Article.MultipleObjectsReturned):
        query.get(ids=list(Article.objects.values_list("pk", flat=True)))
    assert query.get(ids=[article.pk]) == article


def test_wrong_values_are_a_clear_error(article):
    with pytest.raises(TypeError, match=r"takes \['slug'\], was given \['title'\]"):
        by_slug()(title=article.title)


def test_a_placeholder_outside_a_prepared_query_is_a_clear_error():
    with pytest.raises(TypeError, match="filled by PreparedQuery only"):
        list(Article.objects.filter(slug=Placeholder("slug", CharField())))


def test_values_querysets_are_refused():
    with pytest.raises(TypeError, match="model instances"):
        PreparedQuery(lambda: Article.objects.values("pk"))()


def test_the_name_now_is_kept_for_the_time_of_the_run():
    with pytest.raises(ValueError, match="time of each run"):
        Placeholder("now", CharField())
