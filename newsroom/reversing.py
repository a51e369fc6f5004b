"""``reverse()`` remembered: the public pages ask for the same few hundred addresses (a
section, an author, an article card) over and over, and each ``reverse()`` costs tens of
microseconds. An address depends only on the URL map, the script prefix and the arguments,
so it is kept per process under all of them (least recently used first out)."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=8192)
def _reverse(script_prefix, urlconf, viewname, kwargs):
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def cached_reverse(viewname, **kwargs):
    """``reverse(viewname, kwargs=kwargs)``, remembered (string arguments only)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(get_script_prefix(), urlconf, viewname, tuple(sorted(kwargs.items())))
