"""Tags keep the order the writer typed: the first is the main topic, leading "More about"
and the JSON-LD keywords."""

import json
import re

import pytest
from django.urls import reverse

from articles.models import Article
from articles.tags import parse_tags_in_order
from tests.factories import ArticleFactory
from tests.security.test_admin_permissions import change_form_data

pytestmark = pytest.mark.django_db


def save_tags(client, article, tags):
    article.refresh_from_db()
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        change_form_data(article, tags=tags),
    )


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("zeta, alpha, Mu", ["zeta", "alpha", "Mu"]),
        ("zeta alpha", ["zeta", "alpha"]),
        ('port, airport, "night, crossings"', ["port", "airport", "night, crossings"]),
        ("airport, port", ["airport", "port"]),
    ],
)
def test_tag_text_is_read_in_the_order_typed(typed, names):
    assert parse_tags_in_order(typed) == names


def test_the_admin_keeps_the_typed_order_and_shows_it_back(client, draft):
    client.force_login(draft.author)

    save_tags(client, draft, "zeta, alpha, mu")
    form = (
        client.get(reverse("admin:articles_article_change", args=[draft.pk]))
        .context["adminform"]
        .form
    )

    assert [tag.name for tag in draft.tags.all()] == ["zeta", "alpha", "mu"]
    assert 'value="zeta, alpha, mu"' in str(form["tags"])


def test_a_new_order_is_saved(client, draft):
    client.force_login(draft.author)
    save_tags(client, draft, "zeta, alpha, mu")

    save_tags(client, draft, "mu, zeta, alpha")

    assert [tag.name for tag in Article.objects.get(pk=draft.pk).tags.all()] == [
        "mu",
        "zeta",
        "alpha",
    ]


def test_the_first_tag_leads_more_about_and_the_keywords(client, writer):
    article = ArticleFactory(author=writer, published=True, tags=["zeta", "alpha", "mu"])

    page = client.get(article.get_absolute_url()).text
    more_about = page[page.index('id="more-about-heading"') :]
    json_ld = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S).group(1)
    )

    assert more_about.index(">zeta<") < more_about.index(">alpha<") < more_about.index(">mu<")
    assert json_ld["keywords"] == ["zeta", "alpha", "mu"]
