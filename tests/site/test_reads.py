"""The read beacon: one upsert per real reader per article, bots and repeats ignored."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from readership.models import DailyReads
from readership.reads import count_read
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Firefox/130.0"


def beacon(client, article, user_agent=BROWSER, address="203.0.113.7"):
    return client.post(f"/read/{article.pk}/", HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)


def reads_today(article):
    row = DailyReads.objects.filter(article=article, day=timezone.localdate()).first()
    return row.count if row else 0


def test_a_read_is_counted_and_answered_with_no_content(client):
    article = ArticleFactory(published=True)
    response = beacon(client, article)
    assert response.status_code == 204
    assert reads_today(article) == 1


def test_beacon_sets_no_cookie(client):
    response = beacon(client, ArticleFactory(published=True))
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_beacon_needs_no_csrf_token(db):
    from django.test import Client

    article = ArticleFactory(published=True)
    strict_client = Client(enforce_csrf_checks=True)
    assert beacon(strict_client, article).status_code == 204
    assert reads_today(article) == 1


def test_the_same_reader_counts_once_within_the_window(client, time_machine):
    time_machine.move_to(datetime(2026, 11, 25, 9, 1, tzinfo=UTC), tick=False)
    article = ArticleFactory(published=True)
    beacon(client, article)
    time_machine.shift(timedelta(minutes=20))
    beacon(client, article)
    beacon(client, article)
    assert sum(DailyReads.objects.filter(article=article).values_list("count", flat=True)) == 1


def test_different_readers_each_count(client):
    article = ArticleFactory(published=True)
    beacon(client, article, address="203.0.113.7")
    beacon(client, article, address="198.51.100.20")
    beacon(client, article, address="203.0.113.7", user_agent=BROWSER + " Other")
    assert reads_today(article) == 3


def test_the_same_reader_counts_again_after_the_window(client, time_machine):
    article = ArticleFactory(published=True)
    time_machine.move_to(timezone.now())
    beacon(client, article)
    time_machine.shift(timedelta(minutes=31))
    beacon(client, article)
    assert sum(DailyReads.objects.filter(article=article).values_list("count", flat=True)) == 2


@pytest.mark.parametrize(
    "user_agent",
    [
        "",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120.0 Safari/537.36",
    ],
    ids=["empty", "googlebot", "bingbot", "facebook", "curl", "python", "headless"],
)
def test_bots_are_not_counted(client, user_agent):
    article = ArticleFactory(published=True)
    assert beacon(client, article, user_agent=user_agent).status_code == 204
    assert reads_today(article) == 0


@pytest.mark.parametrize("state", ["draft", "scheduled", "missing"])
def test_reads_of_articles_readers_cannot_see_are_not_counted(client, state):
    if state == "missing":
        response = client.post("/read/999999/", HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 204
        assert not DailyReads.objects.exists()
        return
    fields = (
        {}
        if state == "draft"
        else {"published": True, "published_at": timezone.now() + timedelta(hours=1)}
    )
    article = ArticleFactory(**fields)
    assert beacon(client, article).status_code == 204
    assert reads_today(article) == 0


def test_beacon_refuses_get(client):
    article = ArticleFactory(published=True)
    assert client.get(f"/read/{article.pk}/").status_code == 405
    assert reads_today(article) == 0


def test_count_read_adds_to_todays_row_with_an_upsert():
    article = ArticleFactory(published=True)
    for _ in range(3):
        assert count_read(article.pk) is True
    assert DailyReads.objects.filter(article=article).count() == 1
    assert reads_today(article) == 3


def test_reads_rank_top_news(client):
    quiet = ArticleFactory(published=True, title="Quiet story")
    popular = ArticleFactory(published=True, title="Popular story")
    for number in range(3):
        beacon(client, popular, address=f"203.0.113.{number + 1}")
    beacon(client, quiet, address="203.0.113.99")
    html = client.get("/").content.decode().split('id="top-news-heading"')[1]
    assert html.index("Popular story") < html.index("Quiet story")


@pytest.mark.parametrize("article_id", ["99999999999999999999", "9223372036854775808"])
def test_an_article_id_no_article_can_have_answers_404(client, article_id):
    response = client.post(f"/read/{article_id}/", HTTP_USER_AGENT=BROWSER)

    assert response.status_code == 404
    assert not DailyReads.objects.exists()


def test_count_read_of_an_id_beyond_the_database_range_counts_nothing():
    assert count_read(99999999999999999999) is False
