"""The read beacon: one upsert per real reader per article; bots, repeats and floods from one
address or network ignored."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from articles.caching import purge_public_pages
from articles.models import Article
from readership.models import DailyReads
from readership.reads import count_read, read_beacon
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


def test_different_addresses_each_count(client):
    article = ArticleFactory(published=True)
    beacon(client, article, address="203.0.113.7")
    beacon(client, article, address="198.51.100.20")
    assert reads_today(article) == 2


def test_a_changed_user_agent_does_not_make_a_new_reader(client):
    article = ArticleFactory(published=True)
    beacon(client, article, address="203.0.113.7")
    beacon(client, article, address="203.0.113.7", user_agent=BROWSER + " Other")
    assert reads_today(article) == 1


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


def readers_today(article):
    row = DailyReads.objects.filter(article=article, day=timezone.localdate()).first()
    return row.readers if row else 0


def top_news_titles(client):
    html = client.get("/").content.decode().split('id="top-news-heading"')[1]
    html = html.split("</section>")[0]
    return [
        title
        for _, title in sorted(
            (html.index(article.title), article.title)
            for article in Article.objects.published()
            if article.title in html
        )
    ]


def test_a_new_address_adds_a_reader_and_a_returning_one_only_a_read(client, time_machine):
    time_machine.move_to(datetime(2026, 11, 25, 9, 1, tzinfo=UTC), tick=False)
    article = ArticleFactory(published=True)
    beacon(client, article, address="203.0.113.7")
    time_machine.shift(timedelta(hours=2))
    beacon(client, article, address="203.0.113.7")
    beacon(client, article, address="198.51.100.20")
    assert reads_today(article) == 3
    assert readers_today(article) == 2


def test_one_address_adds_at_most_the_daily_cap_to_one_article(client, settings, time_machine):
    settings.READS_PER_ADDRESS_PER_DAY = 3
    time_machine.move_to(datetime(2026, 11, 25, 0, 1, tzinfo=UTC), tick=False)
    article = ArticleFactory(published=True)
    for _ in range(10):
        beacon(client, article, address="203.0.113.7")
        time_machine.shift(timedelta(hours=1))
    assert reads_today(article) == 3
    assert readers_today(article) == 1


def test_one_network_adds_at_most_its_daily_cap_to_one_article(client, settings):
    settings.READS_PER_NETWORK_PER_DAY = 5
    article = ArticleFactory(published=True)
    for host in range(1, 21):
        beacon(client, article, address=f"203.0.113.{host}")
    beacon(client, article, address="198.51.100.1")
    assert reads_today(article) == 6
    assert readers_today(article) == 6


def test_ipv6_addresses_of_one_64_network_share_its_cap(client, settings):
    settings.READS_PER_NETWORK_PER_DAY = 2
    article = ArticleFactory(published=True)
    for host in range(1, 6):
        beacon(client, article, address=f"2001:db8:1:2::{host}")
    assert reads_today(article) == 2


def test_a_read_flood_from_one_address_does_not_move_top_news(client, settings, time_machine):
    """10,000 beacons from one address over a day, each with a new user agent, add one
    reader: the rules (not the beacon's throttle, which is off here) make the flood useless."""
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "read": "1000000/m"}
    time_machine.move_to(datetime(2026, 11, 25, 0, 0, 1, tzinfo=UTC), tick=False)
    leaders = [ArticleFactory(published=True, title=f"Widely read story {n}") for n in range(3)]
    target = ArticleFactory(published=True, title="Story the script wants on top")
    for number, article in enumerate(leaders):
        for reader in range(2 + number):
            beacon(client, article, address=f"198.51.{number}.{reader + 1}")
    beacon(client, target, address="203.0.113.7")
    before = top_news_titles(client)

    factory = RequestFactory()
    for number in range(10_000):
        time_machine.shift(timedelta(seconds=8.6))
        request = factory.post(
            f"/read/{target.pk}/",
            HTTP_USER_AGENT=f"Mozilla/5.0 (Windows NT 10.0) Firefox/{number}.0",
            REMOTE_ADDR="203.0.113.7",
        )
        assert read_beacon(request, target.pk).status_code == 204

    assert readers_today(target) == 1
    assert reads_today(target) == settings.READS_PER_ADDRESS_PER_DAY
    purge_public_pages()
    assert top_news_titles(client) == before
    assert before.index(target.title) > max(before.index(article.title) for article in leaders)
