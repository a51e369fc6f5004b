"""Tag addresses: an ASCII slug for a tag in any script, never empty, always addressable.

taggit makes ``zürich`` of “Zürich” and an empty slug of “>”, and the tag URL pattern
accepts neither. Here every new tag gets its slug from ``unique_tag_slug()``: the name
transliterated to ASCII (“Москва” → ``moskva``), a generated ``tag-…`` slug when nothing is
left of it, and a number when another tag already has that slug (``zurich-2``). Tag pages
also accept a Unicode slug, so one left by hand in the tag admin still has an address, and
``tag_url()`` returns ``None`` instead of raising for a slug no URL can carry.
"""

import hashlib
import re

from anyascii import anyascii
from django.urls import NoReverseMatch
from django.utils.text import slugify
from taggit.utils import _parse_tags

from newsroom.reversing import cached_reverse

ADDRESSABLE_SLUG = re.compile(r"[-\w]+")
ASCII_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class TagSlugConverter:
    """``tag/<tag_slug:slug>/``: an ASCII or a Unicode slug (letters of any script)."""

    regex = ADDRESSABLE_SLUG.pattern

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


def tag_slug(name, max_length=100):
    """The ASCII slug of a tag name; ``tag-`` and a digest of the name when none is left."""
    slug = slugify(anyascii(name))[:max_length].strip("-")
    if not slug:
        slug = "tag-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    return slug


def unique_tag_slug(tag_model, name, exclude_pk=None, max_length=100):
    """``tag_slug(name)``, numbered when another tag has it already: ``zurich-2``."""
    base = tag_slug(name, max_length)
    others = tag_model._default_manager.exclude(pk=exclude_pk)
    slug, number = base, 1
    while others.filter(slug=slug).exists():
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].strip("-") + suffix
    return slug


def give_tag_an_ascii_slug(sender, instance, **kwargs):
    """Before a tag is saved: replace a slug that is empty, too long or not ASCII."""
    max_length = sender._meta.get_field("slug").max_length
    slug = instance.slug or ""
    if not ASCII_SLUG.fullmatch(slug) or len(slug) > max_length:
        instance.slug = unique_tag_slug(sender, instance.name, instance.pk, max_length)


def tag_url(tag):
    """The tag page's address, or ``None`` for a tag whose slug no address can carry."""
    try:
        return cached_reverse("articles:tag", slug=tag.slug)
    except NoReverseMatch:
        return None


def repair_tag_slugs(tag_model):
    """Give every tag whose slug is empty, too long or not ASCII the slug a new tag would get.

    Run once by a data migration for tags made before the rule; returns how many changed.
    """
    max_length = tag_model._meta.get_field("slug").max_length
    repaired = 0
    for tag in tag_model._default_manager.order_by("pk"):
        if ASCII_SLUG.fullmatch(tag.slug) and len(tag.slug) <= max_length:
            continue
        tag.slug = unique_tag_slug(tag_model, tag.name, tag.pk, max_length)
        tag.save(update_fields=["slug"])
        repaired += 1
    return repaired


def parse_tags_in_order(text):
    """The tag names in ``text`` as taggit reads them (commas, or spaces when there is no
    comma; double quotes keep a name whole), in the order typed rather than taggit's
    alphabetical one: the first tag is the article's main topic ("More about", keywords).
    Named by ``TAGGIT_TAGS_FROM_STRING``."""
    names = _parse_tags(text)
    return sorted(names, key=lambda name: _typed_position(text, name))


def tags_as_text(tags):
    """The tags as the form shows them, in their order, each readable back by
    ``parse_tags_in_order``. Named by ``TAGGIT_STRING_FROM_TAGS``."""
    return ", ".join(
        f'"{tag.name}"' if "," in tag.name or " " in tag.name else tag.name for tag in tags
    )


def _typed_position(text, name):
    # A whole name, not part of a longer one ("port" inside "airport, port").
    found = re.search(rf'(?<![^\s,"]){re.escape(name)}(?![^\s,"])', text)
    return found.start() if found else len(text)
