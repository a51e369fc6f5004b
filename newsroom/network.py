"""Who is asking: the client's IP address, read the same way by every rule that uses one.

Behind a CDN and a load balancer, ``REMOTE_ADDR`` is the last proxy's address, and every
reader would share it. Each proxy appends the address it received the request from to
``X-Forwarded-For``; only the entries our own proxies appended can be trusted, because a
client can send the header with anything in it. ``TRUSTED_PROXY_COUNT`` says how many
proxies we run in front of the app servers, so the client is the entry that many places
from the right. The read beacon, the throttles, allauth's login limits and the logs all
call ``client_ip``.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

# What a rule keys on when no address can be read at all (no REMOTE_ADDR, as in some tests
# and management commands): one shared bucket, never an error.
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a placeholder value, nothing listens on it
IPV4_NETWORK_PREFIX = 24
IPV6_NETWORK_PREFIX = 64


@lru_cache(maxsize=4096)
def parse_address(value):
    """The normalised address in ``value`` ("203.0.113.7", "[2001:db8::1]:443", …) or None."""
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        # An IPv4 address with a port; a bare IPv6 address has several colons.
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request):
    """The address of the client, trusting exactly ``TRUSTED_PROXY_COUNT`` proxies.

    With no trusted proxy, ``X-Forwarded-For`` is ignored. With N, the client is the Nth
    entry from the right; entries to its left came from the client and are ignored. A
    shorter header (a request that skipped a proxy) gives its leftmost entry, which one of
    our proxies wrote; an entry that is not an address falls back to ``REMOTE_ADDR``.
    """
    remote = parse_address(request.META.get("REMOTE_ADDR")) or UNKNOWN_ADDRESS
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded_for = request.headers.get("x-forwarded-for", "")
    if not forwarded_for.strip():
        return remote
    entries = forwarded_for.split(",")
    return parse_address(entries[max(0, len(entries) - hops)]) or remote


def network_of(address):
    """The /24 (IPv4) or /64 (IPv6) network around ``address``: one household, office or
    rented server block, for limits that a script must not dodge by changing address."""
    ip = ipaddress.ip_address(address)
    prefix = IPV4_NETWORK_PREFIX if ip.version == 4 else IPV6_NETWORK_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))
