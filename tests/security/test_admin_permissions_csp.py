"""The strict CSP holds in the admin; only the article form adds a nonce and one hash."""

import pytest
from django.urls import reverse

from accounts.roles import make_writer
from tests.factories import ArticleFactory, AuthorProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    return make_writer(AuthorProfileFactory().user)


@pytest.fixture
def draft(writer):
    return ArticleFactory(author=writer)


def script_and_style_sources(response):
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return policy["script-src"], policy["style-src"]


def test_article_form_allows_only_its_nonce_and_the_editor_stylesheet(client, writer, draft):
    client.force_login(writer)

    response = client.get(reverse("admin:articles_article_change", args=[draft.pk]))

    script_src, style_src = script_and_style_sources(response)
    nonce = script_src.split("'nonce-")[1].split("'")[0]
    assert script_src == f"'self' 'nonce-{nonce}'"
    assert style_src.startswith("'self' 'sha256-")
    assert "unsafe-inline" not in script_src + style_src
    assert f'<script type="importmap" nonce="{nonce}">' in response.text


def test_other_admin_pages_keep_the_strict_policy(client, writer):
    client.force_login(writer)

    response = client.get(reverse("admin:articles_article_changelist"))

    assert script_and_style_sources(response) == ("'self'", "'self'")
