"""Writer and moderator input the article form refuses with a message, keeping the text:
over-long tags, a published article without a time, stale and version-less posts."""

import html
import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from publishing import workflow
from publishing.forms import ArticleAdminForm
from tests.factories import ArticleFactory
from tests.security.test_admin_permissions import change_form_data

pytestmark = pytest.mark.django_db


def post_change(client, article, **changes):
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, **changes),
    )


def post_add(client, **data):
    return client.post(reverse("admin:articles_article_add"), data)


def form_errors(response):
    form = response.context["adminform"].form
    return [str(error) for errors in form.errors.values() for error in errors]


def test_a_tag_longer_than_100_characters_is_refused_with_a_message(client, writer):
    article = ArticleFactory(author=writer)
    client.force_login(writer)
    long_tag = "Harbour " * 13  # 104 characters

    response = post_change(
        client, article, title="Cranes arrive at last", tags=f"Port, {long_tag.strip()}"
    )

    assert response.status_code == 200
    assert any("at most 100 characters" in error for error in form_errors(response))
    assert 'value="Cranes arrive at last"' in response.text
    assert long_tag.strip() in response.text
    assert not Tag.objects.exists()
    assert Article.objects.get(pk=article.pk).title != "Cranes arrive at last"


def test_a_tag_of_exactly_100_characters_is_accepted(client, writer):
    article = ArticleFactory(author=writer)
    client.force_login(writer)

    response = post_change(client, article, tags="x" * 100)

    assert response.status_code == 302
    assert Tag.objects.get().name == "x" * 100


def test_clearing_the_publication_time_of_a_published_article_is_a_form_error(
    client, moderator, writer
):
    published_at = timezone.now() - timedelta(hours=2)
    article = ArticleFactory(
        author=writer, status=Article.Status.PUBLISHED, published_at=published_at
    )
    client.force_login(moderator)

    response = post_change(
        client, article, title="A corrected headline", published_at_0="", published_at_1=""
    )

    assert response.status_code == 200
    assert any("publication time" in error for error in form_errors(response))
    assert 'value="A corrected headline"' in response.text
    article.refresh_from_db()
    assert article.published_at == published_at
    assert article.title != "A corrected headline"


def test_clearing_the_time_of_a_draft_is_allowed(client, moderator, writer):
    article = ArticleFactory(author=writer, published_at=timezone.now() + timedelta(days=1))
    client.force_login(moderator)

    response = post_change(client, article, published_at_0="", published_at_1="")

    assert response.status_code == 302, form_errors(response)
    assert Article.objects.get(pk=article.pk).published_at is None


def test_a_stale_form_after_the_article_was_published_meanwhile_is_refused(
    client, moderator, writer
):
    article = ArticleFactory(author=writer, status=Article.Status.SUBMITTED)
    opened_version = article.version
    client.force_login(moderator)
    workflow.approve(article, moderator)  # published while the form was open

    response = post_change(
        client,
        article,
        known_version=opened_version,
        title="My late headline",
        published_at_0="",
        published_at_1="",
    )

    assert response.status_code == 200
    assert "after you opened it, so it was not saved" in response.text
    assert 'value="My late headline"' in response.text
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


def test_a_stale_form_after_published_unpublished_and_back_to_draft_is_refused(
    client, moderator, writer
):
    article = ArticleFactory(author=writer, published=True)
    opened_version = article.version
    client.force_login(moderator)
    workflow.unpublish(article, moderator)
    workflow.withdraw(article, moderator)
    Article.objects.filter(pk=article.pk).update(published_at=None)

    response = post_change(
        client,
        article,
        known_version=opened_version,
        title="My late headline",
        published_at_0="",
        published_at_1="",
    )

    assert response.status_code == 200
    assert "after you opened it, so it was not saved" in response.text
    assert 'value="My late headline"' in response.text


def test_a_published_article_without_a_time_is_not_scheduled():
    article = Article(status=Article.Status.PUBLISHED, published_at=None)

    assert article.is_scheduled is False


@pytest.mark.parametrize("known_version", [None, ""])
def test_a_post_without_the_known_version_is_refused_as_stale(client, writer, known_version):
    article = ArticleFactory(author=writer, title="The first headline")
    client.force_login(writer)
    data = change_form_data(article, title="A headline from nowhere")
    if known_version is None:
        del data["known_version"]
    else:
        data["known_version"] = known_version

    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200
    assert "was not saved" in response.text
    assert 'value="A headline from nowhere"' in response.text
    assert Article.objects.get(pk=article.pk).title == "The first headline"


def test_saving_again_after_a_version_less_post_was_refused_goes_through(client, writer):
    article = ArticleFactory(author=writer)
    client.force_login(writer)
    data = change_form_data(article, title="A headline from nowhere")
    del data["known_version"]
    refused = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    known_version = refused.context["adminform"].form["known_version"].value()
    accepted = post_change(client, article, known_version=known_version, title="Second try")

    assert accepted.status_code == 302
    assert Article.objects.get(pk=article.pk).title == "Second try"


def test_the_body_editor_leaves_the_browsers_spell_check_on():
    rendered = str(ArticleAdminForm()["body"])
    config = re.search(r'data-django-prose-editor-configurable="([^"]*)"', rendered).group(1)
    extensions = json.loads(html.unescape(config))["extensions"]

    assert "Heading" in extensions
    assert "NoSpellCheck" not in extensions
