"""A change readers see drops this process's page copies at once and leaves the shared
cache's purge to a worker, once per transaction."""

import pytest
from django_tasks_db.models import DBTaskResult

from articles import caching
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_a_published_change_queues_one_purge_and_forgets_local_pages_at_once(
    database_queue, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True)
    DBTaskResult.objects.all().delete()
    caching._local_pages["page"] = (0, b"")
    generation = caching.current_generation()

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Harbour cranes arrive early"
        article.save()
        article.tags.add("harbour")

    assert caching._local_pages == {}
    assert caching.current_generation() == generation  # the shared cache waits for the worker
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "articles.tasks.purge_public_pages"
    ]


def test_the_worker_makes_every_cached_page_stale(run_worker, django_capture_on_commit_callbacks):
    article = ArticleFactory(published=True)
    generation = caching.current_generation()

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Harbour cranes arrive early"
        article.save()
    run_worker()

    assert caching.current_generation() == generation + 1
