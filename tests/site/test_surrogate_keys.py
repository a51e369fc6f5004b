"""Surrogate keys: every public page names what it shows, and a change purges only the pages
that show it (in our page cache here; at the edge in tests/site/test_edge_purge.py)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import transaction

from articles import invalidation
from articles.caching import _render_turn_key, page_keys, purge_keys
from articles.models import Article
from articles.views.article import MORE_FROM_AUTHOR
from publishing import services, workflow
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sport(db):
    return SectionFactory(name="Sport", slug="sport")


@pytest.fixture
def story(author, politics):
    return ArticleFactory(
        published=True, author=author, section=politics, title="Harbour crane arrives"
    )


@pytest.fixture
def unrelated(other_writer, sport):
    return ArticleFactory(
        published=True, author=other_writer, section=sport, title="Cup final goes to penalties"
    )


@pytest.fixture
def committed():
    """Run the commit callbacks the fixtures left pending, as if each fixture had been its own
    transaction; the test's own change then purges its keys alone."""

    def commit():
        connection = transaction.get_connection()
        pending, connection.run_on_commit[:] = list(connection.run_on_commit), []
        for _, function, _ in pending:
            function()

    return commit


def keys_of(response):
    return set(response["xkey"].split())


def test_an_article_page_names_the_article_its_authors_newest_and_the_site(client, story):
    response = client.get(story.get_absolute_url())

    assert keys_of(response) == {f"a{story.pk}", f"w{story.author_id}", "all"}
    assert response["Surrogate-Key"] == response["xkey"]


def test_an_article_page_names_the_articles_of_its_cards(client, story, author, politics):
    older = ArticleFactory(published=True, author=author, section=politics)

    response = client.get(story.get_absolute_url())

    assert f"a{older.pk}" in keys_of(response)  # "More from Maria Jensen"


def test_listings_name_their_listing_not_their_cards(client, story, politics, author):
    section = client.get("/section/politics/")
    author_page = client.get("/author/maria-jensen/")

    assert keys_of(section) == {f"s{politics.pk}", "all"}
    assert keys_of(author_page) == {f"u{author.pk}", "all"}


def test_the_front_page_names_the_front_latest_and_top(client, story):
    assert keys_of(client.get("/")) == {"front", "top", "latest", "all"}


def test_feeds_name_the_listing_they_follow(client, story, politics):
    assert keys_of(client.get("/feeds/latest/")) == {"latest", "all"}
    assert keys_of(client.get("/feeds/section/politics/")) == {f"s{politics.pk}", "all"}


def test_a_page_with_many_keys_is_capped(rf):
    request = rf.get("/")
    request._page_keys = [f"a{number}" for number in range(100)]

    keys = page_keys(request)

    assert len(keys) == 24
    assert keys[-1] == "all"


def test_public_pages_let_an_edge_serve_stale_copies(client, story):
    cache_control = client.get(story.get_absolute_url())["Cache-Control"]

    assert "stale-while-revalidate=10" in cache_control
    assert "stale-if-error=86400" in cache_control


def test_editing_an_article_purges_its_pages_and_leaves_the_others_cached(
    client, story, unrelated, moderator, committed, django_capture_on_commit_callbacks
):
    committed()
    for url in (story.get_absolute_url(), unrelated.get_absolute_url(), "/section/sport/"):
        client.get(url)
    story.title = "Harbour crane arrives late"

    with django_capture_on_commit_callbacks(execute=True):
        services.edit_article(story, moderator)

    edited = client.get(story.get_absolute_url())
    assert edited["X-Page-Cache"] == "miss"
    assert "Harbour crane arrives late" in edited.text
    # Rendered before, with the story in their Latest News: only that sidebar is new.
    for url in (unrelated.get_absolute_url(), "/section/sport/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "renewed"
        assert "Harbour crane arrives late" in response.text


def test_publishing_purges_its_section_and_the_front_but_not_other_articles(
    client,
    story,
    unrelated,
    author,
    politics,
    moderator,
    committed,
    django_capture_on_commit_callbacks,
):
    submitted = ArticleFactory(
        author=author, section=politics, title="Ferry timetable changes", status="submitted"
    )
    committed()
    for url in ("/", "/section/politics/", unrelated.get_absolute_url(), "/section/sport/"):
        client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(submitted, moderator)

    assert "Ferry timetable changes" in client.get("/").text
    assert "Ferry timetable changes" in client.get("/section/politics/").text
    # Not rendered again: only their Latest News sidebar, a page part, is new.
    for url in (unrelated.get_absolute_url(), "/section/sport/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "renewed"
        assert "Ferry timetable changes" in response.text


def test_publishing_purges_the_writers_pages_and_spares_the_same_section(
    client,
    story,
    author,
    other_writer,
    politics,
    moderator,
    committed,
    django_capture_on_commit_callbacks,
):
    neighbour = ArticleFactory(published=True, author=other_writer, section=politics)
    submitted = ArticleFactory(
        author=author, section=politics, title="Ferry timetable changes", status="submitted"
    )
    committed()
    client.get(story.get_absolute_url())
    client.get(neighbour.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(submitted, moderator)

    # The writer's other pages list it under "More news from".
    again = client.get(story.get_absolute_url())
    assert again["X-Page-Cache"] == "miss"
    assert "Ferry timetable changes" in again.text
    assert client.get(neighbour.get_absolute_url())["X-Page-Cache"] == "renewed"


def test_editing_an_article_leaves_its_writers_other_pages_alone(
    client, story, author, politics, moderator, committed, django_capture_on_commit_callbacks
):
    # One article more than "More news from" shows: the oldest is on no card of the page.
    older = [
        ArticleFactory(
            published=True,
            author=author,
            section=politics,
            published_at=story.published_at - timedelta(days=day),
        )
        for day in range(1, MORE_FROM_AUTHOR + 2)
    ]
    committed()
    client.get(story.get_absolute_url())
    oldest = Article.objects.get(pk=older[-1].pk)
    oldest.summary = "A new summary."

    with django_capture_on_commit_callbacks(execute=True):
        services.edit_article(oldest, moderator)

    # Only articles going public, away or to another date touch ``w<author>``: the page is
    # not rendered again (its sidebars may be renewed, the edited article being recent).
    assert f"w{author.pk}" not in invalidation.article_keys(oldest)
    assert client.get(story.get_absolute_url())["X-Page-Cache"] in {"hit", "renewed"}


def test_editing_an_old_article_off_the_front_leaves_the_front_alone(
    story, author, politics, client
):
    old = ArticleFactory(published=True, author=author, section=politics)
    Article.objects.filter(pk=old.pk).update(published_at=story.published_at.replace(year=2001))
    newer = [ArticleFactory(published=True, author=author, section=politics) for _ in range(25)]
    client.get("/")  # records what the front page lists
    old = Article.objects.get(pk=old.pk)

    keys = invalidation.article_keys(old)

    assert "front" not in keys and "latest" not in keys
    assert {
        f"a{old.pk}",
        f"s{politics.pk}",
        f"u{author.pk}",
        "m2001-" + old.published_at.strftime("%m"),
    } <= keys
    assert "front" in invalidation.article_keys(Article.objects.get(pk=newer[-1].pk))


def test_moving_an_article_purges_the_old_and_the_new_section(story, politics, sport):
    story = Article.objects.get(pk=story.pk)
    story.section = sport

    keys = invalidation.article_keys(story)

    assert {f"s{politics.pk}", f"s{sport.pk}"} <= keys


def test_a_draft_touches_no_public_page(author, politics):
    draft = ArticleFactory(author=author, section=politics, status="draft")

    assert invalidation.article_keys(Article.objects.get(pk=draft.pk)) == set()


def test_a_transaction_purges_once_with_every_key_it_touched(
    story, unrelated, moderator, django_capture_on_commit_callbacks
):
    with (
        mock.patch("articles.invalidation.purge_keys") as purge,
        django_capture_on_commit_callbacks(execute=True),
    ):
        story.title = "One"
        services.edit_article(story, moderator)
        unrelated.title = "Two"
        services.edit_article(unrelated, moderator)

    purge.assert_called_once()
    assert {f"a{story.pk}", f"a{unrelated.pk}"} <= purge.call_args.args[0]


def test_while_one_request_renders_a_purged_page_the_others_get_the_previous_copy(
    client, rf, story
):
    client.get(story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(title="Night ferry returns")
    purge_keys([f"a{story.pk}"])
    cache.add(_render_turn_key(rf.get(story.get_absolute_url())), 1)  # someone else renders

    stale = client.get(story.get_absolute_url())

    assert stale["X-Page-Cache"] == "stale"
    assert "Harbour crane arrives" in stale.text
    assert "no-cache" in stale["Cache-Control"]  # an edge cache must not keep it


def test_the_request_that_takes_the_turn_renders_the_page_again(client, story):
    client.get(story.get_absolute_url())
    Article.objects.filter(pk=story.pk).update(title="Night ferry returns")
    purge_keys([f"a{story.pk}"])

    fresh = client.get(story.get_absolute_url())

    assert fresh["X-Page-Cache"] == "miss"
    assert "Night ferry returns" in fresh.text
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_new_correction_purges_the_corrections_log_and_its_article(
    client, story, moderator, committed, django_capture_on_commit_callbacks
):
    committed()
    client.get("/corrections/")
    client.get(story.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        services.add_correction(
            story, moderator, kind="correction", text="The crane came from Rotterdam."
        )

    assert "came from Rotterdam" in client.get("/corrections/").text
    assert "came from Rotterdam" in client.get(story.get_absolute_url()).text
