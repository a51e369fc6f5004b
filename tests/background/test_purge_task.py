"""An edge cache that does not answer a purge at once is handed to a worker, which tries
again until it answers."""

import pytest
from django_tasks_db.models import DBTaskResult

from articles import edge, tasks
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

EDGE = "http://127.0.0.1:9/purge"  # the discard port: nothing answers


def test_an_unanswered_edge_purge_is_queued_for_a_worker(
    database_queue, settings, django_capture_on_commit_callbacks
):
    settings.VARNISH_PURGE_URLS = [EDGE]
    settings.VARNISH_PURGE_TIMEOUT = 0.1
    article = ArticleFactory(published=True)
    DBTaskResult.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Harbour cranes arrive early"
        article.save()

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "articles.tasks.purge_edge"
    assert f"a{article.pk}" in queued.args_kwargs["args"][0]


def test_the_worker_purges_once_the_edge_answers(run_worker, monkeypatch):
    answered = []
    monkeypatch.setattr(edge, "send_purge", lambda url, keys: answered.append((url, keys)) or True)

    tasks.purge_edge.enqueue(["a1", "s2"], [EDGE])
    run_worker()

    assert answered == [(EDGE, ["a1", "s2"])]
