"""Old article addresses answer 301; previews are for the author and moderators only."""

import pytest

from articles.models import ArticleRedirect
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_old_address_of_a_renamed_article_redirects_permanently(client, author):
    article = ArticleFactory(published=True, author=author, slug="new-slug")
    ArticleRedirect.objects.create(old_path=f"/{article.section.slug}/old-slug/", article=article)
    response = client.get(f"/{article.section.slug}/old-slug/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_old_address_after_a_section_change_redirects_to_the_new_section(client, author):
    world = SectionFactory(name="World", slug="world")
    article = ArticleFactory(published=True, author=author, section=world, slug="the-story")
    ArticleRedirect.objects.create(old_path="/politics/the-story/", article=article)
    response = client.get("/politics/the-story/")
    assert response.status_code == 301
    assert response["Location"] == "/world/the-story/"


def test_old_address_of_an_article_no_longer_public_is_404(client, author):
    article = ArticleFactory(author=author, slug="withdrawn")
    ArticleRedirect.objects.create(old_path=f"/{article.section.slug}/old/", article=article)
    assert client.get(f"/{article.section.slug}/old/").status_code == 404


def test_preview_asks_anonymous_readers_to_log_in(client, author):
    draft = ArticleFactory(author=author)
    response = client.get(f"/preview/{draft.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_author_can_preview_own_draft(client, author):
    draft = ArticleFactory(author=author, title="My unfinished story")
    client.force_login(author)
    response = client.get(f"/preview/{draft.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "My unfinished story" in html
    assert 'class="preview-banner"' in html
    assert '<meta name="robots" content="noindex' in html
    assert "data-read-url" not in html


def test_moderator_can_preview_any_draft(client, author, moderator):
    draft = ArticleFactory(author=author, title="Waiting for review")
    client.force_login(moderator)
    response = client.get(f"/preview/{draft.pk}/")
    assert response.status_code == 200
    assert "Waiting for review" in response.content.decode()


def test_other_writer_cannot_preview_a_draft(client, author, other_writer):
    draft = ArticleFactory(author=author)
    client.force_login(other_writer)
    assert client.get(f"/preview/{draft.pk}/").status_code == 404


def test_preview_is_never_cached(client, author):
    draft = ArticleFactory(author=author)
    client.force_login(author)
    response = client.get(f"/preview/{draft.pk}/")
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control and "private" in cache_control
    assert "public" not in cache_control


def test_preview_of_a_missing_article_is_404(client, author):
    client.force_login(author)
    assert client.get("/preview/999999/").status_code == 404


def test_preview_of_an_id_beyond_the_database_range_answers_404(client, moderator):
    client.force_login(moderator)

    response = client.get("/preview/99999999999999999999/")

    assert response.status_code == 404
