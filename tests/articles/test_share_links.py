"""Share links: an unpublished article's preview for someone without an account, until the
link expires, is revoked, or the article is published."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from articles.models import Article
from publishing import share_links, workflow
from publishing.models import ShareLink
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def make_link(client, article, **data):
    return client.post(
        reverse("admin:articles_article_share_link", args=[article.pk]),
        {"hours": 48, **data},
        follow=True,
    )


def open_link(link):
    return Client().get(link.get_absolute_url())


def test_a_writer_makes_a_link_that_works_for_48_hours_by_default(client, draft):
    client.force_login(draft.author)

    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).text
        response = make_link(client, draft)

    link = ShareLink.objects.get()
    assert 'name="hours" value="48"' in page
    assert link.article == draft
    assert link.created_by == draft.author
    assert link.expires_at == NOW + timedelta(hours=48)
    assert f"Share link made: http://testserver{link.get_absolute_url()}" in response.text
    assert link.get_absolute_url() in response.text  # listed with its revoke button


def test_the_shared_page_is_the_preview_with_a_banner_and_noindex(draft):
    link = share_links.create(draft, draft.author)

    response = open_link(link)

    assert response.status_code == 200
    assert "Preview — not published" in response.text
    assert draft.title in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in response["Cache-Control"]


def test_the_shared_page_carries_no_session_even_for_a_signed_in_visitor(client, draft):
    link = share_links.create(draft, draft.author)
    client.force_login(draft.author)

    response = client.get(link.get_absolute_url())

    assert response.status_code == 200
    assert "Logged in as" not in response.text
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.text


def test_the_link_stops_working_when_it_expires(draft):
    with time_machine.travel(NOW, tick=False):
        link = share_links.create(draft, draft.author, hours=2)
    with time_machine.travel(NOW + timedelta(hours=2, seconds=-1), tick=False):
        before = open_link(link)
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        after = open_link(link)

    assert before.status_code == 200
    assert after.status_code == 410
    assert "This preview link expired on 02 March 2026, 11:00." in after.text
    assert draft.title not in after.text


def test_a_revoked_link_stops_working(client, draft):
    link = share_links.create(draft, draft.author)
    client.force_login(draft.author)

    revoked = client.post(
        reverse("admin:articles_article_revoke_share_link", args=[draft.pk, link.pk]),
        follow=True,
    )
    response = open_link(link)

    assert "The share link was revoked" in revoked.text
    assert link.get_absolute_url() not in revoked.text
    assert response.status_code == 410
    assert "This preview link was revoked" in response.text
    assert draft.title not in response.text


def test_the_link_stops_working_once_the_article_is_published(draft, moderator):
    link = share_links.create(draft, draft.author)
    workflow.submit(draft, draft.author)
    workflow.approve(draft, moderator)

    response = open_link(link)

    assert response.status_code == 410
    assert "This article is now published." in response.text
    assert f'href="{draft.get_absolute_url()}"' in response.text


def test_a_scheduled_article_stays_shared_until_its_time(draft, moderator):
    with time_machine.travel(NOW, tick=False):
        link = share_links.create(draft, draft.author, hours=72)
        workflow.submit(draft, draft.author)
        workflow.approve(draft, moderator, publish_at=NOW + timedelta(days=1))
        waiting = open_link(link)
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        published = open_link(link)

    assert waiting.status_code == 200
    assert published.status_code == 410


def test_an_unknown_link_gets_a_clear_page():
    response = Client().get(reverse("publishing:shared_preview", args=["no-such-token"]))

    assert response.status_code == 404
    assert "No preview has this address" in response.text


@pytest.mark.parametrize("hours", ["0", "721", "soon"])
def test_a_bad_duration_is_refused_with_a_message(client, draft, hours):
    client.force_login(draft.author)

    response = make_link(client, draft, hours=hours)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(
        "admin:articles_article_change", args=[draft.pk]
    )
    assert 'class="error"' in response.text
    assert not ShareLink.objects.exists()


def test_another_writer_cannot_share_or_revoke(client, draft, other_writer):
    link = share_links.create(draft, draft.author)
    client.force_login(other_writer)

    made = client.post(reverse("admin:articles_article_share_link", args=[draft.pk]))
    revoked = client.post(
        reverse("admin:articles_article_revoke_share_link", args=[draft.pk, link.pk])
    )

    assert made.status_code == 404
    assert revoked.status_code == 404
    assert ShareLink.objects.count() == 1
    assert ShareLink.objects.get().revoked_at is None


def test_a_moderator_shares_a_submitted_article(client, writer, moderator):
    submitted = ArticleFactory(author=writer, status=Article.Status.SUBMITTED)
    client.force_login(moderator)

    make_link(client, submitted)

    assert ShareLink.objects.get().created_by == moderator


def test_a_published_article_offers_no_share_link(client, writer, moderator):
    published = ArticleFactory(author=writer, published=True)
    client.force_login(moderator)

    page = client.get(reverse("admin:articles_article_change", args=[published.pk])).text
    response = make_link(client, published)

    assert "Share a preview" not in page
    assert "is published: share its address instead" in response.text
    assert not ShareLink.objects.exists()
