"""“I'm reviewing this”: claims on submitted articles, seen by the desk, lapsing after an
hour idle, and a confirmation before deciding someone else's claimed article."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.roles import make_moderator
from articles.models import Article
from publishing import services, workflow
from publishing.models import Claim
from tests.factories import AuthorProfileFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def submitted(draft, writer):
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        workflow.submit(draft, writer)
    return draft


@pytest.fixture
def second_moderator(db):
    return make_moderator(AuthorProfileFactory(display_name="Nils Nightdesk").user)


def claim_url(article, action="take"):
    return reverse("admin:articles_article_claim", args=[article.pk, action])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_moderator_claims_and_others_see_who_and_since_when(
    client, submitted, moderator, second_moderator
):
    client.force_login(moderator)
    with time_machine.travel(NOW, tick=False):
        client.post(claim_url(submitted))
        client.force_login(second_moderator)
        form = client.get(reverse("admin:articles_article_change", args=[submitted.pk])).text
        queue = client.get(
            reverse("admin:articles_article_changelist") + "?status__exact=submitted"
        )

    assert Claim.objects.get(article=submitted).moderator == moderator
    assert "Reviewed by Mona Moderator since 2 March 2026, 09:00 UTC." in form
    assert "Mona Moderator since 2 March 2026, 09:00 UTC" in queue.text


def test_a_second_moderator_cannot_take_a_live_claim(
    client, submitted, moderator, second_moderator
):
    with time_machine.travel(NOW, tick=False):
        services.claim_article(submitted, moderator)
        client.force_login(second_moderator)
        response = client.post(claim_url(submitted))

    assert Claim.objects.get(article=submitted).moderator == moderator
    assert any("Mona Moderator is already reviewing" in text for text in messages_of(response))


def test_a_claim_lapses_after_an_hour_without_activity(submitted, moderator, second_moderator):
    with time_machine.travel(NOW, tick=False):
        services.claim_article(submitted, moderator)
    with time_machine.travel(NOW + timedelta(minutes=59), tick=False):
        assert Claim.objects.active().filter(article=submitted).exists()
    with time_machine.travel(NOW + timedelta(hours=1, seconds=1), tick=False):
        assert not Claim.objects.active().filter(article=submitted).exists()
        services.claim_article(submitted, second_moderator)

    assert Claim.objects.get(article=submitted).moderator == second_moderator


def test_opening_the_article_keeps_the_claim_alive(client, submitted, moderator):
    client.force_login(moderator)
    with time_machine.travel(NOW, tick=False):
        services.claim_article(submitted, moderator)
    with time_machine.travel(NOW + timedelta(minutes=50), tick=False):
        client.get(reverse("admin:articles_article_change", args=[submitted.pk]))
    with time_machine.travel(NOW + timedelta(minutes=100), tick=False):
        assert Claim.objects.active().filter(article=submitted).exists()


def test_release_frees_the_article(client, submitted, moderator):
    client.force_login(moderator)
    services.claim_article(submitted, moderator)
    client.post(claim_url(submitted, "release"))

    assert not Claim.objects.exists()


def test_deciding_someone_elses_claimed_article_asks_first(
    client, submitted, moderator, second_moderator
):
    services.claim_article(submitted, moderator)
    client.force_login(second_moderator)
    url = reverse("admin:articles_article_transition", args=[submitted.pk, "approve"])

    asked = client.post(url, {"note": ""})
    submitted.refresh_from_db()
    assert submitted.status == Article.Status.SUBMITTED
    assert any("Mona Moderator is reviewing" in text for text in messages_of(asked))

    client.post(url, {"note": "", "decide_anyway": "1"})
    submitted.refresh_from_db()
    assert submitted.status == Article.Status.PUBLISHED
    assert not Claim.objects.exists()  # decided: the claim ends


def test_the_holder_decides_without_a_question(client, submitted, moderator):
    services.claim_article(submitted, moderator)
    client.force_login(moderator)
    url = reverse("admin:articles_article_transition", args=[submitted.pk, "reject"])
    client.post(url, {"note": "Please add a source.", "reason": "needs_sources"})

    submitted.refresh_from_db()
    assert submitted.status == Article.Status.REJECTED


def test_queue_filters_claimed_by_me_and_unclaimed(
    client, submitted, moderator, second_moderator, writer
):
    from tests.factories import ArticleFactory

    other = ArticleFactory(author=writer, title="Bridge closes")
    workflow.submit(other, writer)
    services.claim_article(submitted, moderator)
    client.force_login(moderator)
    base = reverse("admin:articles_article_changelist") + "?status__exact=submitted"

    mine = client.get(base + "&claim=mine").context["cl"].result_list
    unclaimed = client.get(base + "&claim=unclaimed").context["cl"].result_list

    assert [article.title for article in mine] == ["Harbour cranes arrive"]
    assert [article.title for article in unclaimed] == ["Bridge closes"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("reader", "login"),
        ("writer", 403),
        ("other_writer", 403),
        ("moderator", "claimed"),
        ("superuser", "claimed"),
    ],
)
def test_who_may_claim(client, submitted, users, role, expected):
    if users[role] is not None:
        client.force_login(users[role])
    response = client.post(claim_url(submitted))

    if expected == "login":
        assert response.status_code == 302
        assert "login" in response.url
    elif expected == 403:
        assert response.status_code == 403
    assert Claim.objects.exists() == (expected == "claimed")


def test_only_submitted_articles_can_be_claimed(draft, moderator):
    with pytest.raises(services.WriteRefused):
        services.claim_article(draft, moderator)
