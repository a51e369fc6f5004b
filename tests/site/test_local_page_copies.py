"""Each process keeps a page read from the shared cache for a moment, and drops it on purge."""

from unittest import mock

import pytest
from django.core.cache import cache

from articles.caching import cached_page, purge_public_pages
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(author, politics):
    return ArticleFactory(
        published=True, author=author, section=politics, title="Ferry timetable changes"
    )


def served_title(client, story):
    page = client.get(story.get_absolute_url()).content.decode()
    return "Ferry timetable changes" in page, "Night ferry returns" in page


def retitle_behind_the_caches_back(story):
    Article.objects.filter(pk=story.pk).update(title="Night ferry returns")


def test_a_page_read_from_the_shared_cache_is_reused_by_this_process(client, story):
    client.get(story.get_absolute_url())  # renders and fills the shared cache
    client.get(story.get_absolute_url())  # read from the shared cache, kept locally
    retitle_behind_the_caches_back(story)
    cache.clear()  # even with the shared copy gone ...

    assert served_title(client, story) == (True, False)  # ... the local copy answers


def test_a_local_copy_lasts_only_its_window(client, story, settings):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 1
    client.get(story.get_absolute_url())
    client.get(story.get_absolute_url())
    retitle_behind_the_caches_back(story)
    cache.clear()

    with mock.patch("articles.caching.time.monotonic", return_value=10**9):
        assert served_title(client, story) == (False, True)


def test_a_purge_drops_this_process_copies_at_once(client, story):
    client.get(story.get_absolute_url())
    client.get(story.get_absolute_url())
    retitle_behind_the_caches_back(story)

    purge_public_pages()

    assert served_title(client, story) == (False, True)


def test_local_copies_can_be_turned_off(client, story, settings):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 0
    client.get(story.get_absolute_url())
    client.get(story.get_absolute_url())
    retitle_behind_the_caches_back(story)
    cache.clear()

    assert served_title(client, story) == (False, True)


def test_every_request_gets_its_own_response_object(client, rf, story):
    request = rf.get(story.get_absolute_url())
    client.get(story.get_absolute_url())
    client.get(story.get_absolute_url())

    first = cached_page(request).response_for(request)
    second = cached_page(request).response_for(request)
    assert first is not second
    assert first.content == second.content
