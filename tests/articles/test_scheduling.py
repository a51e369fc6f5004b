"""A scheduled article is hidden until its time and public after it (no cron job)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from articles.models import Article
from publishing import workflow

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PUBLISH_AT = NOW + timedelta(hours=3)


@pytest.fixture
def scheduled(draft, writer, moderator):
    with time_machine.travel(NOW, tick=False):
        workflow.submit(draft, writer)
        workflow.approve(draft, moderator, publish_at=PUBLISH_AT)
    return Article.objects.get(pk=draft.pk)


def test_scheduled_article_is_hidden_before_its_time(scheduled, client):
    with time_machine.travel(PUBLISH_AT - timedelta(minutes=1), tick=False):
        assert not Article.objects.published().filter(pk=scheduled.pk).exists()
        assert not scheduled.is_public
        assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_scheduled_article_is_public_from_its_time(scheduled, client):
    with time_machine.travel(PUBLISH_AT + timedelta(seconds=1), tick=False):
        assert Article.objects.published().filter(pk=scheduled.pk).exists()
        assert scheduled.is_public
        response = client.get(scheduled.get_absolute_url())
        assert response.status_code == 200
        assert "Harbour cranes arrive" in response.text


def test_a_queryset_of_public_articles_reads_the_time_when_it_runs(scheduled):
    with time_machine.travel(PUBLISH_AT - timedelta(minutes=1), tick=False):
        public = Article.objects.published().filter(pk=scheduled.pk)
    with time_machine.travel(PUBLISH_AT + timedelta(seconds=1), tick=False):
        assert public.exists()


def test_the_article_page_shows_a_scheduled_article_once_its_time_has_come(scheduled, client):
    # The page's query is built once per process: the first request must not fix its "now".
    with time_machine.travel(PUBLISH_AT - timedelta(minutes=1), tick=False):
        assert client.get(scheduled.get_absolute_url()).status_code == 404
    with time_machine.travel(PUBLISH_AT + timedelta(seconds=1), tick=False):
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_scheduled_article_shows_as_scheduled_in_the_admin(scheduled, client, moderator):
    client.force_login(moderator)
    with time_machine.travel(PUBLISH_AT - timedelta(hours=1), tick=False):
        page = client.get("/admin/articles/article/").text

    assert "Scheduled" in page
