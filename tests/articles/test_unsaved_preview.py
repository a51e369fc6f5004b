"""Preview before saving: the article page with what is typed in the form, saving nothing."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory
from tests.security.test_admin_permissions import change_form_data

pytestmark = pytest.mark.django_db


def preview(client, article=None, **data):
    args = [article.pk] if article else []
    return client.post(reverse("admin:articles_article_unsaved_preview", args=args), data)


def test_a_new_article_is_previewed_before_its_first_save(client, writer):
    client.force_login(writer)
    section = SectionFactory(name="Harbour")
    data = change_form_data(
        ArticleFactory.build(section=section),
        title="Ferry strike called off",
        body="<h2>What changed</h2><p>Talks ended at dawn.</p>",
        tags="ferries, strikes",
        author=writer.pk,
        known_version="",
    )

    response = preview(client, **data)

    assert response.status_code == 200
    page = response.text
    assert "Preview — Draft" in page
    assert "Ferry strike called off" in page
    assert "<h2>What changed</h2>" in page
    assert page.index(">ferries<") < page.index(">strikes<")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert not Article.objects.exists()


def test_changes_to_a_saved_article_are_previewed_without_saving_them(client, draft):
    client.force_login(draft.author)

    response = preview(client, draft, **change_form_data(draft, title="A better headline"))

    assert response.status_code == 200
    assert "A better headline" in response.text
    saved = Article.objects.get(pk=draft.pk)
    assert (saved.title, saved.version) == ("Harbour cranes arrive", draft.version)


def test_a_stale_form_still_previews(client, draft):
    client.force_login(draft.author)

    response = preview(
        client, draft, **change_form_data(draft, known_version=draft.version - 1, title="Mine")
    )

    assert response.status_code == 200
    assert "Mine" in response.text


def test_a_preview_without_a_section_says_what_is_missing(client, writer):
    client.force_login(writer)

    response = preview(client, title="No section yet", section="")

    assert response.status_code == 400
    assert "Choose the article&#x27;s section first" in response.text


def test_another_writers_article_cannot_be_previewed(client, draft, other_writer):
    client.force_login(other_writer)

    response = preview(client, draft, **change_form_data(draft))

    assert response.status_code == 404


def test_the_preview_answers_only_posts(client, draft):
    client.force_login(draft.author)

    response = client.get(reverse("admin:articles_article_unsaved_preview", args=[draft.pk]))

    assert response.status_code == 405
