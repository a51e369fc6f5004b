"""Staff read and type times in their own zone (or the newsroom's), always named; stored in UTC.

Europe/Berlin moves its clocks forward on 29 March 2026 (CET, UTC+1 → CEST, UTC+2) and
America/New_York on 8 March 2026 (EST, UTC-5 → EDT, UTC-4).
"""

from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from articles.models import Article
from publishing import workflow
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def in_zone(user, name):
    user.profile.time_zone = name
    user.profile.save()
    return user


@pytest.fixture
def submitted(draft, writer):
    workflow.submit(draft, writer)
    return draft


def schedule(client, article, typed):
    url = reverse("admin:articles_article_transition", args=[article.pk, "approve"])
    return client.post(url, {"note": "", "publish_at": typed})


@pytest.mark.parametrize(
    ("zone", "now", "typed", "stored"),
    [
        # Berlin, the day before the change, on it (after 03:00) and the day after.
        ("Europe/Berlin", "2026-03-28T08:00", "2026-03-28T12:43", "2026-03-28T11:43"),
        ("Europe/Berlin", "2026-03-29T08:00", "2026-03-29T12:43", "2026-03-29T10:43"),
        ("Europe/Berlin", "2026-03-29T00:00", "2026-03-29T01:59", "2026-03-29T00:59"),
        ("Europe/Berlin", "2026-03-29T00:00", "2026-03-29T03:00", "2026-03-29T01:00"),
        # New York across its own change.
        ("America/New_York", "2026-03-07T08:00", "2026-03-07T12:43", "2026-03-07T17:43"),
        ("America/New_York", "2026-03-08T08:00", "2026-03-08T12:43", "2026-03-08T16:43"),
    ],
)
def test_scheduled_time_is_read_in_the_moderators_zone(
    client, submitted, moderator, zone, now, typed, stored
):
    in_zone(moderator, zone)
    client.force_login(moderator)
    with time_machine.travel(datetime.fromisoformat(now).replace(tzinfo=UTC), tick=False):
        response = schedule(client, submitted, typed)

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Article.Status.PUBLISHED
    assert submitted.published_at == datetime.fromisoformat(stored).replace(tzinfo=UTC)


def test_scheduled_article_goes_live_at_the_minute_the_moderator_typed(
    client, submitted, moderator
):
    in_zone(moderator, "Europe/Berlin")
    client.force_login(moderator)
    with time_machine.travel(datetime(2026, 3, 29, 8, 0, tzinfo=UTC), tick=False):
        schedule(client, submitted, "2026-03-29T12:43")
    with time_machine.travel(datetime(2026, 3, 29, 10, 42, 59, tzinfo=UTC), tick=False):
        assert not Article.objects.published().filter(pk=submitted.pk).exists()
    with time_machine.travel(datetime(2026, 3, 29, 10, 43, tzinfo=UTC), tick=False):
        assert Article.objects.published().filter(pk=submitted.pk).exists()


def test_a_time_the_clocks_skip_is_refused_with_a_message(client, submitted, moderator):
    in_zone(moderator, "Europe/Berlin")
    client.force_login(moderator)
    with time_machine.travel(datetime(2026, 3, 28, 8, 0, tzinfo=UTC), tick=False):
        response = schedule(client, submitted, "2026-03-29T02:30")

    submitted.refresh_from_db()
    assert submitted.status == Article.Status.SUBMITTED
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Europe/Berlin" in text and "may not exist" in text for text in texts), texts


def test_staff_without_a_zone_use_the_newsroom_zone(client, settings, submitted, moderator):
    settings.NEWSROOM_TIME_ZONE = settings.TIME_ZONE = "America/New_York"
    client.force_login(moderator)
    with time_machine.travel(datetime(2026, 3, 8, 8, 0, tzinfo=UTC), tick=False):
        schedule(client, submitted, "2026-03-08T12:43")

    submitted.refresh_from_db()
    assert submitted.published_at == datetime(2026, 3, 8, 16, 43, tzinfo=UTC)


def test_the_success_message_names_the_zone(client, submitted, moderator):
    in_zone(moderator, "Europe/Berlin")
    client.force_login(moderator)
    with time_machine.travel(datetime(2026, 3, 29, 8, 0, tzinfo=UTC), tick=False):
        response = schedule(client, submitted, "2026-03-29T12:43")

    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert "“Harbour cranes arrive” is scheduled for 29 March 2026, 12:43 CEST." in texts


def test_the_workflow_box_and_the_form_name_the_zone(client, draft, writer, moderator):
    in_zone(moderator, "Europe/Berlin")
    client.force_login(moderator)
    with time_machine.travel(datetime(2026, 3, 29, 8, 0, tzinfo=UTC), tick=False):
        workflow.submit(draft, writer)
        page = client.get(reverse("admin:articles_article_change", args=[draft.pk])).text

    assert "Publish at (Europe/Berlin time)" in page
    # The submission time in the review box, in the moderator's zone.
    assert "29 March 2026, 10:00 CEST" in page


def test_a_published_articles_time_field_names_the_zone(client, moderator):
    article = ArticleFactory(
        status=Article.Status.PUBLISHED, published_at=datetime(2026, 3, 29, 10, 43, tzinfo=UTC)
    )
    client.force_login(in_zone(moderator, "Europe/Berlin"))
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).text

    assert "in Europe/Berlin time" in page
    assert 'value="12:43:00"' in page


def test_the_list_shows_times_in_each_moderators_zone(client, moderator):
    ArticleFactory(
        title="Quay reopens",
        status=Article.Status.PUBLISHED,
        published_at=datetime(2026, 3, 29, 10, 43, tzinfo=UTC),
    )
    client.force_login(in_zone(moderator, "Europe/Berlin"))
    with time_machine.travel(datetime(2026, 3, 30, 8, 0, tzinfo=UTC), tick=False):
        berlin = client.get(reverse("admin:articles_article_changelist")).text
        in_zone(moderator, "America/New_York")
        new_york = client.get(reverse("admin:articles_article_changelist")).text

    assert "29 March 2026, 12:43 CEST" in berlin
    assert "29 March 2026, 06:43 EDT" in new_york


def test_public_pages_keep_the_newsroom_zone_for_staff(client, settings, moderator):
    settings.NEWSROOM_TIME_ZONE = settings.TIME_ZONE = "UTC"
    article = ArticleFactory(
        status=Article.Status.PUBLISHED, published_at=datetime(2026, 3, 29, 10, 43, tzinfo=UTC)
    )
    client.force_login(in_zone(moderator, "Europe/Berlin"))
    with time_machine.travel(datetime(2026, 3, 30, 8, 0, tzinfo=UTC), tick=False):
        page = client.get(article.get_absolute_url()).text

    assert "2026-03-29T10:43:00+00:00" in page


def test_the_approval_mail_is_written_in_the_writers_zone(
    client, submitted, writer, moderator, django_capture_on_commit_callbacks
):
    in_zone(writer, "America/New_York")
    in_zone(moderator, "Europe/Berlin")
    client.force_login(moderator)
    with (
        time_machine.travel(datetime(2026, 3, 29, 8, 0, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        schedule(client, submitted, "2026-03-29T12:43")

    (message,) = [message for message in mail.outbox if message.to == [writer.email]]
    assert "It will be published on 29 March 2026, 06:43 EDT." in message.body


def test_moderators_in_two_zones_get_one_message_each(
    submitted, moderator, superuser, django_capture_on_commit_callbacks
):
    in_zone(moderator, "Europe/Berlin")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.withdraw(submitted, moderator)
        workflow.submit(submitted, submitted.author)

    submissions = [message for message in mail.outbox if message.subject.startswith("For review")]
    assert sorted(address for message in submissions for address in message.to) == sorted(
        [moderator.email, superuser.email]
    )
    assert len(submissions) == 2
