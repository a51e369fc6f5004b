"""Corrections and clarifications: added by moderators to published articles without a
review round, shown on the article, on /corrections/, in its feed and in the JSON-LD."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
import time_machine
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.roles import make_moderator, make_writer
from articles.models import Article
from publishing import services
from publishing.models import Correction
from tests.factories import ArticleFactory, AuthorProfileFactory, UserFactory
from tests.site.html_checks import page_problems
from tests.site.test_seo import HeadParser

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CORRECTED = datetime(2026, 3, 3, 14, 30, tzinfo=UTC)


@pytest.fixture
def moderator(db):
    return make_moderator(AuthorProfileFactory(display_name="Mona Moderator").user)


@pytest.fixture
def story(author):
    with time_machine.travel(PUBLISHED, tick=False):
        return ArticleFactory(
            author=author,
            title="Harbour vote passes",
            status=Article.Status.PUBLISHED,
            published_at=PUBLISHED,
        )


def add(story, user, text="The vote was 31 to 12, not 31 to 21.", **options):
    with time_machine.travel(CORRECTED, tick=False):
        return services.add_correction(
            story,
            user,
            kind=options.get("kind", "correction"),
            text=text,
            position=options.get("position", "bottom"),
        )


def post_correction(client, story, **data):
    url = reverse("admin:articles_article_correction", args=[story.pk])
    fields = {"kind": "correction", "text": "The vote was 31 to 12.", "position": "bottom"}
    return client.post(url, {**fields, **data})


def test_moderator_adds_a_correction_from_the_article_form(client, story, moderator):
    client.force_login(moderator)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).text
    assert "Add to the published article" in page

    response = post_correction(client, story)

    assert response.status_code == 302
    correction = Correction.objects.get(article=story)
    assert correction.created_by == moderator
    assert correction.text == "The vote was 31 to 12."
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED  # no review round
    assert story.updated_by == moderator


def test_a_correction_is_shown_below_the_article(client, story, moderator):
    add(story, moderator)
    html = client.get(story.get_absolute_url()).text

    assert "The vote was 31 to 12, not 31 to 21." in html
    assert html.index("article-body") < html.index('class="corrections"')
    assert "3 March 2026, 14:30 UTC" in html
    assert page_problems(html) == []


def test_a_clarification_can_be_shown_above_the_article(client, story, moderator):
    add(
        story,
        moderator,
        text="The plan covers the east quay only.",
        kind="clarification",
        position="top",
    )
    html = client.get(story.get_absolute_url()).text

    assert html.index('class="corrections"') < html.index("article-body")
    assert "Clarification" in html


def test_json_ld_carries_the_correction_and_a_new_modification_time(client, story, moderator):
    correction = add(story, moderator)
    with time_machine.travel(CORRECTED + timedelta(hours=1), tick=False):
        html = client.get(story.get_absolute_url()).text

    (data,) = HeadParser(html).json_ld
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "datePublished": "2026-03-03T14:30:00+00:00",
            "text": "Correction: The vote was 31 to 12, not 31 to 21.",
            "url": f"http://testserver{story.get_absolute_url()}#correction-{correction.pk}",
        }
    ]
    assert data["dateModified"] == "2026-03-03T14:30:00+00:00"
    assert data["datePublished"] == "2026-03-02T09:00:00+00:00"


def test_a_cached_article_page_shows_the_new_correction(
    client, story, moderator, django_capture_on_commit_callbacks
):
    assert "31 to 21" not in client.get(story.get_absolute_url()).text  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        add(story, moderator)
    assert "31 to 21" in client.get(story.get_absolute_url()).text


def test_the_corrections_page_lists_public_articles_only(client, story, moderator):
    add(story, moderator)
    unpublished = ArticleFactory(title="Withdrawn piece", published=True)
    add(unpublished, moderator, text="A detail about the withdrawn piece.")
    Article.objects.filter(pk=unpublished.pk).update(status=Article.Status.UNPUBLISHED)

    response = client.get(reverse("publishing:corrections"))

    assert response.status_code == 200
    assert "Harbour vote passes" in response.text
    assert "31 to 21" in response.text
    assert "withdrawn piece" not in response.text
    assert page_problems(response.text) == []
    assert reverse("publishing:corrections-feed") in response.text


def test_the_corrections_feed_lists_each_notice(client, story, moderator):
    correction = add(story, moderator)
    response = client.get(reverse("publishing:corrections-feed"))

    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    (entry,) = feed.entries
    assert entry.title == "Correction: Harbour vote passes"
    assert entry.summary == "The vote was 31 to 12, not 31 to 21."
    assert entry.link.endswith(f"#correction-{correction.pk}")
    assert entry.published_parsed[:5] == (2026, 3, 3, 14, 30)


def test_an_empty_correction_is_refused_with_a_message(client, story, moderator):
    client.force_login(moderator)
    response = post_correction(client, story, text="   ")

    assert not Correction.objects.exists()
    assert [str(message) for message in get_messages(response.wsgi_request)]


def test_a_draft_cannot_get_a_correction(client, author, moderator):
    draft = ArticleFactory(author=author)
    client.force_login(moderator)
    response = post_correction(client, draft)

    assert not Correction.objects.exists()
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Only a published article" in text for text in texts), texts


def test_moving_the_time_of_a_live_article_is_logged_as_a_correction(story, moderator):
    story.published_at = PUBLISHED - timedelta(hours=1)
    with time_machine.travel(CORRECTED, tick=False):
        services.edit_article(story, moderator)

    (correction,) = Correction.objects.filter(article=story)
    assert correction.kind == Correction.Kind.CORRECTION
    assert correction.created_by == moderator
    assert correction.text == (
        "The publication time was changed from 2 March 2026, 09:00 UTC to 2 March 2026, 08:00 UTC."
    )


def test_other_edits_and_scheduled_articles_log_nothing(story, moderator):
    story.title = "Harbour vote passes easily"
    services.edit_article(story, moderator)
    scheduled = ArticleFactory(
        status=Article.Status.PUBLISHED, published_at=datetime(2099, 1, 1, tzinfo=UTC)
    )
    scheduled.published_at = datetime(2099, 1, 2, tzinfo=UTC)
    services.edit_article(scheduled, moderator)

    assert not Correction.objects.exists()


def test_moderators_have_the_permission_from_the_data_migration():
    moderators = Group.objects.get(name="Moderators")
    writers = Group.objects.get(name="Writers")

    assert moderators.permissions.filter(codename="add_correction").exists()
    assert not writers.permissions.filter(codename="add_correction").exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("reader", "login"),
        ("writer", 403),
        ("other_writer", 403),
        ("moderator", "added"),
        ("superuser", "added"),
    ],
)
def test_who_may_add_a_correction(client, story, author, moderator, role, expected):
    people = {
        "anonymous": None,
        "reader": UserFactory(username="reader"),
        "writer": author,
        "other_writer": make_writer(AuthorProfileFactory().user),
        "moderator": moderator,
        "superuser": UserFactory(username="admin", is_staff=True, is_superuser=True),
    }
    if people[role] is not None:
        client.force_login(people[role])
    response = post_correction(client, story)

    if expected == "login":
        assert response.status_code == 302
        assert "login" in response.url
    elif expected == 403:
        assert response.status_code == 403
    if expected == "added":
        assert Correction.objects.filter(article=story).count() == 1
    else:
        assert not Correction.objects.exists()


def test_a_writer_gets_no_correction_form(client, story, author):
    client.force_login(author)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).text

    assert "Add to the published article" not in page
