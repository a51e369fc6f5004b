"""Machine-readable times, to the second, for every place the site prints one.

``<time datetime>``, JSON-LD, OpenGraph, feeds and sitemaps all take ISO 8601 / W3C
Datetime; HTML accepts at most three digits of fraction, and nobody needs the
microseconds PostgreSQL stores, so every printed time goes through here.
"""

from datetime import datetime


def to_the_second(moment):
    """``moment`` without its microseconds (``None`` and dates pass through)."""
    if isinstance(moment, datetime):
        return moment.replace(microsecond=0)
    return moment


def w3c_datetime(moment):
    """``moment`` in ISO 8601 / W3C Datetime to the second: ``2026-11-25T13:26:48+00:00``."""
    return to_the_second(moment).isoformat() if moment else None
