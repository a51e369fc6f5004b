"""The article admin list costs the same number of queries for 3 or 30 articles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ArticleFactory, ImageFactory

pytestmark = pytest.mark.django_db


def list_queries(client, user):
    client.force_login(user)
    client.get(reverse("admin:articles_article_changelist"))  # warm the settings cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["writer", "moderator"])
def test_admin_list_runs_a_fixed_number_of_queries(client, users, role):
    image = ImageFactory()
    ArticleFactory.create_batch(3, author=users["writer"], lead_image=image, tags=["port"])
    few = list_queries(client, users[role])

    ArticleFactory.create_batch(27, author=users["writer"], lead_image=image, tags=["port"])
    many = list_queries(client, users[role])

    assert many == few
    assert many <= 16
