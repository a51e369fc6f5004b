"""One reading of the client's address behind 0, 1 or 2 proxies, whatever the client forges."""

import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.core.internal.ratelimit import get_ip
from django.test import RequestFactory

from newsroom.network import UNKNOWN_ADDRESS, client_ip, network_of
from tests.factories import UserFactory

CLIENT = "203.0.113.7"
CDN = "198.51.100.10"
BALANCER = "10.0.0.5"
FORGED = "192.0.2.66"


def request_from(remote_addr, forwarded_for=None):
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from(CLIENT, forwarded_for=FORGED)) == CLIENT


def test_one_proxy_gives_the_address_it_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(BALANCER, forwarded_for=CLIENT)) == CLIENT


def test_one_proxy_ignores_what_the_client_put_before_it(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from(BALANCER, forwarded_for=f"{FORGED}, 10.9.9.9, {CLIENT}")
    assert client_ip(request) == CLIENT


def test_two_proxies_give_the_address_the_outer_one_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from(BALANCER, forwarded_for=f"{CLIENT}, {CDN}")) == CLIENT


def test_two_proxies_ignore_a_forged_header(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from(BALANCER, forwarded_for=f"{FORGED},{CLIENT}, {CDN}")
    assert client_ip(request) == CLIENT


def test_a_request_that_skipped_the_outer_proxy_gives_the_leftmost_entry(settings):
    # The load balancer wrote the only entry: the address that reached it directly.
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from(BALANCER, forwarded_for=CLIENT)) == CLIENT


@pytest.mark.parametrize(
    "forwarded_for",
    ["", " ", "not-an-address", "999.1.1.1", "<script>", "203.0.113.7; DROP", ",,"],
)
def test_a_broken_header_falls_back_to_the_proxy_address(settings, forwarded_for):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(BALANCER, forwarded_for=forwarded_for)) == BALANCER


def test_a_forged_unreadable_entry_left_of_the_client_does_not_matter(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(BALANCER, forwarded_for=f"garbage, {CLIENT}")) == CLIENT


@pytest.mark.parametrize(
    ("entry", "address"),
    [
        ("2001:db8::1", "2001:db8::1"),
        ("[2001:DB8::1]:443", "2001:db8::1"),
        ("203.0.113.7:51234", CLIENT),
    ],
)
def test_addresses_are_normalised(settings, entry, address):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(BALANCER, forwarded_for=entry)) == address


def test_no_address_at_all_is_one_shared_bucket_not_an_error(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) == UNKNOWN_ADDRESS


@pytest.mark.parametrize("hops", [0, 1, 2])
def test_allauth_reads_the_same_address(settings, hops):
    settings.TRUSTED_PROXY_COUNT = hops
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = hops
    chain = {0: "", 1: CLIENT, 2: f"{CLIENT}, {CDN}"}[hops]
    request = request_from(CLIENT if hops == 0 else BALANCER, forwarded_for=f"{FORGED}, {chain}")
    assert get_adapter().get_client_ip(request) == CLIENT
    assert get_ip(request) == CLIENT


def test_allauth_does_not_fail_on_a_header_shorter_than_the_proxy_count(settings):
    # allauth's own reading raises ImproperlyConfigured (a 500) here; ours does not.
    settings.TRUSTED_PROXY_COUNT = 2
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert get_adapter().get_client_ip(request_from(BALANCER, forwarded_for=CLIENT)) == CLIENT


@pytest.mark.parametrize(
    ("address", "network"),
    [("203.0.113.7", "203.0.113.0/24"), ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")],
)
def test_network_of_an_address(address, network):
    assert network_of(address) == network


def test_settings_refuse_an_unreadable_proxy_count():
    from tests.foundation.test_settings import run_settings

    for value in ("two", "-1", "99"):
        result = run_settings("", TRUSTED_PROXY_COUNT=value)
        assert result.returncode != 0
        assert "TRUSTED_PROXY_COUNT must be a whole number" in result.stderr


def test_the_login_limit_counts_clients_behind_the_proxy_separately(settings, client, db):
    """Behind one proxy, one client's failed logins do not lock out another client."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    user = UserFactory(username="reader", email="reader@example.test")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    def log_in(password, address):
        return client.post(
            "/accounts/login/",
            {"login": "reader", "password": password},
            REMOTE_ADDR=BALANCER,
            HTTP_X_FORWARDED_FOR=address,
        )

    for _ in range(3):
        log_in("wrong", "198.51.100.99")
    assert b"Too many failed login attempts" in log_in("wrong", "198.51.100.99").content
    assert log_in("correct-horse-battery", CLIENT).status_code == 302
