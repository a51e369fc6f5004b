"""``reverse()`` remembered: the public pages ask for the same few hundred addresses (a
section, an author, an article card) over and over, and each ``reverse()`` costs tens of
microseconds. An address depends only on the URL map, the script prefix and the arguments,
so it is kept per process under all of them (least recently used first out).

An article's address differs from its section's others only by its slug, and there are far
more articles than a process can keep addresses of: ``reverse_with_slug`` reverses once per
section and writes the slug into the address."""

import re
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.urls.converters import SlugConverter

# What the ``slug`` path converter accepts: quoting leaves each of its characters as it is.
SLUG = re.compile(SlugConverter.regex)
# Reversed in place of the slug, then replaced by it (a slug as the converter accepts it).
SLUG_MARKER = "slug-marker-4e9c21"


@lru_cache(maxsize=8192)
def _reverse(script_prefix, urlconf, viewname, kwargs):
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def cached_reverse(viewname, **kwargs):
    """``reverse(viewname, kwargs=kwargs)``, remembered (string arguments only)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(get_script_prefix(), urlconf, viewname, tuple(sorted(kwargs.items())))


def reverse_with_slug(viewname, slug, **kwargs):
    """``reverse(viewname, kwargs={**kwargs, "slug": slug})``, reversed once per view name,
    other arguments, URL map and script prefix, with the slug written into that address.

    For a view name with one URL pattern, which takes ``slug`` with the ``slug`` path
    converter (``<slug:slug>``, the article's address). ``reverse()`` quotes the address
    character by character and quoting leaves a slug's characters as they are, so the
    address is the one reversed for ``SLUG_MARKER`` with the slug in the marker's place. A
    slug the converter would refuse, or other arguments that hold the marker, go through
    ``reverse()`` itself, as does anything it would refuse (with its own error)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    if isinstance(slug, str) and SLUG.fullmatch(slug):
        try:
            around = _around_slug(
                get_script_prefix(), urlconf, viewname, tuple(sorted(kwargs.items()))
            )
        except NoReverseMatch:
            around = None
        if around is not None:
            before, after = around
            return before + slug + after
    return reverse(viewname, urlconf=urlconf, kwargs={**kwargs, "slug": slug})


@lru_cache(maxsize=1024)
def _around_slug(script_prefix, urlconf, viewname, kwargs):
    """The address reversed with the marker as slug, as the parts before and after it; None
    unless the marker is in it exactly once."""
    address = reverse(viewname, urlconf=urlconf, kwargs={**dict(kwargs), "slug": SLUG_MARKER})
    before, marker, after = address.partition(SLUG_MARKER)
    if not marker or SLUG_MARKER in after:
        return None
    return before, after
