"""Page parts and how long the page cache keeps a page.

The Latest and Top News sidebars are a page part: when they change, a stored page takes the
new ones without being rendered again. A page is kept until one of its keys is purged (at
most PUBLIC_PAGE_KEEP_SECONDS); the front page, which follows the read counts, and every
page's sidebars are at most PUBLIC_CACHE_SECONDS old. A scheduled article purges the pages
it joins when its time comes.
"""

import gzip
import time
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from articles import tasks
from articles.caching import forget_local_pages
from articles.models import Article
from publishing import workflow
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(author, politics):
    return ArticleFactory(
        published=True, author=author, section=politics, title="Harbour crane arrives"
    )


def run_commit_callbacks():
    """Run what the fixtures left for the commit (their purges), as if it had happened."""
    connection = transaction.get_connection()
    pending, connection.run_on_commit[:] = list(connection.run_on_commit), []
    for _, function, _ in pending:
        function()


@pytest.fixture
def published(other_writer, politics):
    """Publish, by another writer, an article that joins every Latest News sidebar."""

    def publish(title):
        article = ArticleFactory(published=True, author=other_writer, section=politics, title=title)
        run_commit_callbacks()
        return article

    return publish


def refuse_to_render():
    return mock.patch(
        "articles.views.article.render_article",
        side_effect=AssertionError("the page was rendered again"),
    )


def test_a_publish_renews_the_sidebars_of_a_cached_page_without_rendering_it(
    client, story, published
):
    run_commit_callbacks()
    first = client.get(story.get_absolute_url())
    published("Ferry timetable changes")

    with refuse_to_render():
        renewed = client.get(story.get_absolute_url())
        zipped = client.get(story.get_absolute_url(), headers={"accept-encoding": "gzip"})

    assert renewed["X-Page-Cache"] == "renewed"
    assert "Ferry timetable changes" in renewed.text
    assert "Ferry timetable changes" not in first.text
    # Everything but the sidebars is the page as first rendered.
    assert (
        renewed.text.split('<aside class="sidebar"')[0]
        == first.text.split('<aside class="sidebar"')[0]
    )
    assert renewed["ETag"] != first["ETag"]
    assert int(renewed["Content-Length"]) == len(renewed.content)
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == renewed.content


def test_the_next_page_takes_the_renewed_sidebars_without_a_query(
    client, story, author, politics, published, django_assert_num_queries
):
    other = ArticleFactory(published=True, author=author, section=politics)
    run_commit_callbacks()
    client.get(story.get_absolute_url())
    client.get(other.get_absolute_url())
    published("Ferry timetable changes")
    client.get(story.get_absolute_url())  # renders the new sidebars once

    with django_assert_num_queries(0):
        response = client.get(other.get_absolute_url())

    assert response["X-Page-Cache"] == "renewed"
    assert "Ferry timetable changes" in response.text


def test_the_sidebars_are_at_most_public_cache_seconds_old(client, story, settings):
    run_commit_callbacks()
    client.get(story.get_absolute_url())
    later = timezone.now() + timedelta(seconds=settings.PUBLIC_CACHE_SECONDS + 1)

    with time_machine.travel(later, tick=False), refuse_to_render():
        response = client.get(story.get_absolute_url())

    # Top News follows the read counts, which purge nothing: the lists are made again.
    assert response["X-Page-Cache"] == "renewed"
    assert response["Age"] == "0"


def test_the_front_page_is_kept_at_most_public_cache_seconds(client, story, settings):
    run_commit_callbacks()
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    later = timezone.now() + timedelta(seconds=settings.PUBLIC_CACHE_SECONDS + 1)
    forget_local_pages()  # the process's own copies last a second of the monotonic clock

    with time_machine.travel(later, tick=False):
        assert client.get("/")["X-Page-Cache"] == "miss"


def test_a_page_nothing_purged_is_kept_past_public_cache_seconds(client, story, settings):
    run_commit_callbacks()
    client.get("/feeds/latest/")
    later = timezone.now() + timedelta(seconds=settings.PUBLIC_CACHE_SECONDS + 60)
    past_keep = timezone.now() + timedelta(seconds=settings.PUBLIC_PAGE_KEEP_SECONDS + 1)

    with time_machine.travel(later, tick=False):
        kept = client.get("/feeds/latest/")
    forget_local_pages()
    with time_machine.travel(past_keep, tick=False):
        expired = client.get("/feeds/latest/")

    assert kept["X-Page-Cache"] == "hit"
    # Still current (no key purged): sent as new, not as already stale to an edge cache.
    assert kept["Age"] == "0"
    assert expired["X-Page-Cache"] == "miss"


def test_a_scheduled_article_purges_the_pages_it_joins_when_its_time_comes(
    client, story, draft_by_author, moderator, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }
    run_commit_callbacks()
    publish_at = timezone.now() + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(draft_by_author, moderator, publish_at=publish_at)
    queued = [
        result
        for result in tasks.purge_when_public.get_backend().results
        if result.task.func is tasks.purge_when_public.func
    ]
    assert [(result.task.run_after, result.args) for result in queued] == [
        (publish_at, [draft_by_author.pk, publish_at.isoformat()])
    ]
    assert "Ferry timetable changes" not in client.get("/section/politics/").text

    with time_machine.travel(publish_at + timedelta(seconds=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.purge_when_public.call(*queued[0].args)
        section = client.get("/section/politics/")

    assert section["X-Page-Cache"] == "miss"
    assert "Ferry timetable changes" in section.text


def test_a_rescheduled_article_leaves_the_old_times_task_nothing_to_do(draft_by_author, moderator):
    first = timezone.now() + timedelta(hours=2)
    workflow.approve(draft_by_author, moderator, publish_at=first)
    Article.objects.filter(pk=draft_by_author.pk).update(published_at=first + timedelta(hours=1))

    with mock.patch("articles.invalidation.purge_after_commit") as purge:
        tasks.purge_when_public.call(draft_by_author.pk, first.isoformat())

    purge.assert_not_called()


@pytest.fixture
def draft_by_author(author, politics):
    return ArticleFactory(
        author=author, section=politics, title="Ferry timetable changes", status="submitted"
    )


def count_part_renders(monkeypatch):
    """Register a page part ``counted`` and return the list of specs it was rendered for."""
    from articles import caching

    rendered = []

    def render(spec):
        rendered.append(spec)
        return f"<p>part {len(rendered)}</p>"

    monkeypatch.setitem(caching._part_renderers, "counted", render)
    return rendered


def test_a_kept_part_is_read_with_its_purge_records_in_one_round_trip(monkeypatch):
    from django.core.cache import cache

    from articles.caching import current_part

    rendered = count_part_renders(monkeypatch)
    first = current_part("counted", (1,), ("latest", "top"))
    # Counted at the cache's interface, outermost calls only: an in-memory cache answers
    # get_many key by key through its own get.
    calls, depth = [], [0]

    def counting(name, read):
        def call(*args, **kwargs):
            if not depth[0]:
                calls.append(name)
            depth[0] += 1
            try:
                return read(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many", "has_key", "get_or_set"):
        monkeypatch.setattr(cache, name, counting(name, getattr(cache, name)))
    again = current_part("counted", (1,), ("latest", "top"))
    assert again == first
    assert rendered == [(1,)]
    assert calls == ["get_many"]


def test_a_part_made_before_a_purge_of_one_of_its_keys_is_made_again(monkeypatch):
    from articles.caching import current_part, purge_keys

    rendered = count_part_renders(monkeypatch)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        html, _ = current_part("counted", (1,), ("latest", "top"))
        clock.shift(timedelta(seconds=1))
        purge_keys(["front"])  # not one of its keys
        assert current_part("counted", (1,), ("latest", "top"))[0] == html
        assert current_part("counted", (2,), ("latest", "top"))[0] != html  # another spec
        clock.shift(timedelta(seconds=1))
        purge_keys(["top"])
        renewed, made_at = current_part("counted", (1,), ("latest", "top"))
        assert made_at == time.time()
    assert renewed != html
    assert rendered == [(1,), (2,), (1,)]


def test_a_part_whose_rendering_overlapped_a_purge_is_stale(monkeypatch):
    """Its time is taken before rendering: a purge while it renders leaves it stale."""
    from articles.caching import current_part, purge_keys

    calls = []

    def render(spec):
        calls.append(spec)
        if len(calls) == 1:
            time.sleep(0.01)
            purge_keys(["latest"])  # what it shows changed while it was being made
        return f"<p>part {len(calls)}</p>"

    from articles import caching

    monkeypatch.setitem(caching._part_renderers, "counted", render)
    assert current_part("counted", (1,), ("latest",))[0] == "<p>part 1</p>"
    assert current_part("counted", (1,), ("latest",))[0] == "<p>part 2</p>"
    assert current_part("counted", (1,), ("latest",))[0] == "<p>part 2</p>"


def test_while_one_request_renews_a_page_the_others_get_the_previous_copy(
    client, rf, story, published
):
    from articles.caching import take_render_turn

    run_commit_callbacks()
    first = client.get(story.get_absolute_url())
    published("Ferry timetable changes")
    assert take_render_turn(rf.get(story.get_absolute_url()))  # another request renews it

    with refuse_to_render(), mock.patch("articles.middleware.renew_part") as renew:
        response = client.get(story.get_absolute_url())

    assert response["X-Page-Cache"] == "stale"
    assert response["Cache-Control"] == "public, no-cache"
    assert response.content == first.content
    renew.assert_not_called()


def test_while_one_request_makes_a_part_again_the_others_take_the_previous_copy(monkeypatch):
    from django.core.cache import cache

    from articles.caching import _part_cache_key, current_part, purge_keys

    rendered = count_part_renders(monkeypatch)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        old, _ = current_part("counted", (1,), ("latest",))
        clock.shift(timedelta(seconds=1))
        purge_keys(["latest"])
        cache.add(f"{_part_cache_key('counted', (1,))}:render", 1)  # another request makes it

        assert current_part("counted", (1,), ("latest",))[0] == old
        assert rendered == [(1,)]

        cache.delete(f"{_part_cache_key('counted', (1,))}:render")  # it is done
        new, _ = current_part("counted", (1,), ("latest",))
    assert new != old
    assert rendered == [(1,), (1,)]
    assert not cache.get(f"{_part_cache_key('counted', (1,))}:render")  # the turn is given back


def test_a_part_past_its_age_is_handed_out_while_another_request_makes_it(monkeypatch, settings):
    from articles.caching import current_part

    count_part_renders(monkeypatch)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        old, _ = current_part("counted", (1,), ("latest",))
        clock.shift(timedelta(seconds=settings.PUBLIC_CACHE_SECONDS + 1))
        with mock.patch("django.core.cache.cache.add", return_value=False):
            assert current_part("counted", (1,), ("latest",))[0] == old
