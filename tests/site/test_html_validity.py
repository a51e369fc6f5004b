"""Every public page type passes the Nu HTML Checker (the W3C validator) without an error."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from publishing import share_links
from publishing.models import Correction
from tests.factories import ArticleFactory, ImageFactory, UserFactory
from tests.site.nu_checker import nu_errors

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(client, author, politics):
    """The HTML of one page of each public type, by name."""
    article = ArticleFactory(
        published=True,
        author=author,
        section=politics,
        lead_image=ImageFactory(),
        tags=["Harbour"],
        # A picture from the library in the text, and one still being processed.
        body=(
            f'<p>The crane arrived.</p><figure data-image="{ImageFactory().pk}"></figure>'
            f'<p>More soon.</p><figure data-image="{ImageFactory(renditions=False).pk}"></figure>'
        ),
    )
    op_ed = ArticleFactory(published=True, author=author, section=politics, kind=Article.Kind.OP_ED)
    ArticleFactory(published=True, section=politics)
    for position in ("top", "bottom"):
        Correction.objects.create(article=op_ed, text="The vote was 31 to 12.", position=position)
    shared_article = ArticleFactory(
        author=author,
        section=politics,
        body=f'<figure data-image="{ImageFactory(renditions=False).pk}"></figure>',
    )
    month = article.published_at
    urls = {
        "home": reverse("articles:home"),
        "article": article.get_absolute_url(),
        "op-ed": op_ed.get_absolute_url(),
        "section": politics.get_absolute_url(),
        "tag": reverse("articles:tag", args=["harbour"]),
        "author": author.profile.get_absolute_url(),
        "search": reverse("articles:search") + "?q=council",
        "search-empty": reverse("articles:search") + "?q=zeppelin",
        "search-blank": reverse("articles:search") + "?q=+",
        "archive": reverse("articles:archive-index"),
        "corrections": reverse("publishing:corrections"),
        "archive-year": reverse("articles:archive-year", args=[month.year]),
        "archive-month": reverse("articles:archive", args=[month.year, month.month]),
        "feed-page": reverse("articles:feed-section-about", args=[politics.slug]),
        "not-found": "/no-such-section/no-such-article/",
        "login": reverse("account_login"),
        "signup": reverse("account_signup"),
        "password-reset": reverse("account_reset_password"),
        "shared-preview": share_links.create(shared_article, author).get_absolute_url(),
        "shared-preview-closed": reverse("publishing:shared_preview", args=["no-such-link"]),
    }
    not_found = {"not-found", "shared-preview-closed"}
    html = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == (404 if name in not_found else 200), name
        html[name] = response.content.decode()
    reader = Client()
    reader.force_login(UserFactory(username="reader"))
    html["account"] = reader.get(reverse("accounts:overview")).content.decode()
    writer = Client()
    writer.force_login(author)
    staff_preview = reverse("publishing:preview", args=[shared_article.pk])
    html["staff-preview"] = writer.get(staff_preview).content.decode()
    assert "is still being processed" in html["staff-preview"]
    return html


def test_every_public_page_type_is_valid_html(pages, tmp_path):
    errors = {name: found for name, found in nu_errors(pages, tmp_path).items() if found}

    assert not errors, "\n".join(
        f"{name}: {message}" for name, found in errors.items() for message in found
    )


def test_the_checker_reports_a_time_with_microseconds(tmp_path):
    page = (
        '<!DOCTYPE html><html lang="en"><head><title>Clock</title></head><body>'
        '<time datetime="2026-12-02T09:48:43.675435+00:00">2 December</time></body></html>'
    )

    errors = nu_errors({"clock": page}, tmp_path)

    assert any("fraction of a second" in message for message in errors["clock"])
