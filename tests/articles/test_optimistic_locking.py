"""Two people editing one article: the second save is refused, names the first editor,
and keeps the second person's text in the form."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory
from tests.security.test_admin_permissions import change_form_data

pytestmark = pytest.mark.django_db


def edit(client, article, known_version, **changes):
    data = change_form_data(article, known_version=known_version, **changes)
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)


def test_second_save_of_a_stale_form_is_refused_and_names_who_changed_it(client, writer, moderator):
    article = ArticleFactory(author=writer, title="Harbour cranes arrive")
    opened_version = article.version
    moderator_client = Client()
    moderator_client.force_login(moderator)
    client.force_login(writer)

    first = edit(moderator_client, article, opened_version, title="Moderator's headline")
    second = edit(client, article, opened_version, title="Writer's headline", body="<p>Mine</p>")

    assert first.status_code == 302
    assert second.status_code == 200
    page = second.text
    assert "Mona Moderator changed this article on" in page
    assert "Your text is still in the form below" in page
    assert 'value="Writer&#x27;s headline"' in page
    assert "&lt;p&gt;Mine&lt;/p&gt;" in page
    assert Article.objects.get(pk=article.pk).title == "Moderator's headline"


def test_saving_again_after_the_warning_overwrites_deliberately(client, writer, moderator):
    article = ArticleFactory(author=writer)
    opened_version = article.version
    moderator_client = Client()
    moderator_client.force_login(moderator)
    client.force_login(writer)
    edit(moderator_client, article, opened_version, title="Moderator's headline")

    refused = edit(client, article, opened_version, title="Writer's headline")
    known_version = refused.context["adminform"].form["known_version"].value()
    accepted = edit(client, article, known_version, title="Writer's headline")

    assert accepted.status_code == 302
    assert Article.objects.get(pk=article.pk).title == "Writer's headline"


def test_each_save_raises_the_version_and_records_the_editor(client, writer):
    article = ArticleFactory(author=writer)
    client.force_login(writer)

    edit(client, article, article.version, title="A new headline")

    article.refresh_from_db()
    assert article.version == 2
    assert article.updated_by == writer


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("restore_migrated_data")
def test_two_simultaneous_saves_from_the_same_version_let_exactly_one_through(writer, moderator):
    article = ArticleFactory(author=writer)
    barrier = threading.Barrier(2)
    results = {}

    def save_as(user, title):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            results[title] = edit(client, article, article.version, title=title).status_code
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save_as, args=(writer, "Writer's headline")),
        threading.Thread(target=save_as, args=(moderator, "Moderator's headline")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results.values()) == [200, 302]
    winner = next(title for title, status in results.items() if status == 302)
    article.refresh_from_db()
    assert (article.title, article.version) == (winner, 2)
