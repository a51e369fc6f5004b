"""Search and the read beacon are limited per client address, with 429 and Retry-After."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from newsroom.throttle import Rate
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"


@pytest.fixture
def frozen(time_machine):
    # Ten seconds into a minute, so a per-minute window has 50 seconds left.
    time_machine.move_to(datetime(2026, 11, 25, 9, 0, 10, tzinfo=UTC), tick=False)
    return time_machine


def search(client, query, address="203.0.113.7"):
    return client.get("/search/", {"q": query}, REMOTE_ADDR=address)


def test_search_over_the_limit_gets_429_with_retry_after(client, settings, frozen):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "search": "3/m"}
    answers = [search(client, f"harbour {number}").status_code for number in range(3)]
    assert answers == [200, 200, 200]
    response = search(client, "harbour 4")
    assert response.status_code == 429
    assert response["Retry-After"] == "50"
    assert "no-store" in response["Cache-Control"]
    assert "Please try again in 50 seconds" in response.content.decode()


def test_search_limit_is_per_client_address(client, settings, frozen):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "search": "1/m"}
    assert search(client, "one", address="203.0.113.7").status_code == 200
    assert search(client, "two", address="203.0.113.7").status_code == 429
    assert search(client, "three", address="198.51.100.8").status_code == 200


def test_search_limit_reads_the_address_behind_the_proxy(client, settings, frozen):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "search": "1/m"}
    settings.TRUSTED_PROXY_COUNT = 1

    def behind_proxy(query, address):
        return client.get(
            "/search/", {"q": query}, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=address
        )

    assert behind_proxy("one", "203.0.113.7").status_code == 200
    assert behind_proxy("two", "198.51.100.8").status_code == 200
    assert behind_proxy("three", "203.0.113.7").status_code == 429


def test_search_limit_opens_again_in_the_next_window(client, settings, frozen):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "search": "1/m"}
    search(client, "one")
    assert search(client, "two").status_code == 429
    frozen.shift(timedelta(seconds=50))
    assert search(client, "three").status_code == 200


def test_a_search_page_from_the_page_cache_is_not_counted(client, settings, frozen):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "search": "1/m"}
    assert search(client, "harbour").status_code == 200
    for _ in range(5):
        assert search(client, "harbour").status_code == 200
    # A miss is counted: this reader's one search a minute is used up.
    assert search(client, "council").status_code == 429


def test_a_429_is_never_kept_in_the_page_cache(client, settings, frozen):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "search": "1/m"}
    search(client, "one")
    assert search(client, "harbour", address="203.0.113.7").status_code == 429
    assert search(client, "harbour", address="198.51.100.8").status_code == 200


def test_the_read_beacon_over_the_limit_gets_429_with_retry_after(client, settings, frozen):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "read": "2/m"}
    article = ArticleFactory(published=True)
    answers = [
        client.post(f"/read/{article.pk}/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.7")
        for _ in range(3)
    ]
    assert [answer.status_code for answer in answers] == [204, 204, 429]
    assert answers[-1]["Retry-After"] == "50"
    assert answers[-1].content == b""


def test_ipv6_clients_are_limited_per_64_network(client, settings, frozen):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "search": "1/m"}
    assert search(client, "one", address="2001:db8:1:2::1").status_code == 200
    assert search(client, "two", address="2001:db8:1:2::ffff").status_code == 429
    assert search(client, "three", address="2001:db8:1:3::1").status_code == 200


@pytest.mark.parametrize(
    ("text", "amount", "seconds"),
    [("30/m", 30, 60), ("600/h", 600, 3600), ("5/10s", 5, 10), ("1000/d", 1000, 86400)],
)
def test_rates_are_written_as_in_allauth(text, amount, seconds):
    assert Rate.parse(text) == Rate(amount, seconds)


@pytest.mark.parametrize("text", ["", "30", "thirty/m", "30/w", "0/m", "30/0m"])
def test_an_unreadable_rate_is_refused_with_a_clear_message(text):
    with pytest.raises(ImproperlyConfigured, match="rate"):
        Rate.parse(text)


def test_a_bad_rate_setting_fails_the_system_checks(settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "search": "lots"}
    errors = [message for message in run_checks() if message.id == "accounts.E001"]
    assert len(errors) == 1
    assert "THROTTLE_RATES['search']" in errors[0].msg
