"""Deep listing pages read their ids from the index first; they list what OFFSET would."""

from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from articles.models import Article
from articles.pagination import DeferredJoinPaginator
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(author, politics):
    now = timezone.now()
    for number in range(23):
        ArticleFactory(
            published=True,
            author=author,
            section=politics,
            published_at=now - timedelta(hours=number % 5, minutes=number),
        )
    return Article.objects.latest().for_cards().in_section(politics)


@pytest.mark.parametrize("number", [1, 3, 6])
def test_page_lists_the_same_articles_in_the_same_order_as_offset(archive, number):
    deferred = DeferredJoinPaginator(archive, 4, orphans=1).page(number)
    plain = Paginator(archive, 4, orphans=1).page(number)

    assert [article.pk for article in deferred] == [article.pk for article in plain]
    assert len(deferred) == len(plain)


def test_last_page_keeps_its_orphans(archive):
    paginator = DeferredJoinPaginator(archive, 4, orphans=3)

    last = paginator.page(paginator.num_pages)

    assert len(last) == 23 - 4 * (paginator.num_pages - 1)


def test_deep_section_page_answers_with_its_articles(client, archive, no_page_cache):
    response = client.get("/section/politics/?page=2")

    assert response.status_code == 200
    assert [article.pk for article in response.context["articles"]] == [
        article.pk for article in archive[12:23]
    ]
