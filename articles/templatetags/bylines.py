"""The article page's byline: ``{% load bylines %}{% byline article %}``.

"By <author>", the publication time (and "Updated …" after a later edit), "in <Section>".
Built in Python rather than an include: three translated sentences, two dates and the
lookups around them cost the template engine a few hundred microseconds per page, a
twentieth of rendering an article. The sentences are the ones translators already have.
Given an article with ``author__profile`` and ``section`` fetched.
"""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from articles.timestamps import w3c_datetime

register = template.Library()

SEPARATOR = '<span class="byline__sep" aria-hidden="true">·</span>'
DATE_FORMAT = "j F Y, H:i"


def _time(moment):
    local = timezone.localtime(moment)
    return escape(w3c_datetime(local)), escape(date_format(local, DATE_FORMAT))


@register.simple_tag
def byline(article, hide_section=False):
    profile = getattr(article.author, "profile", None)  # a missing profile reads as None
    if profile:
        who = gettext('By <a href="%(url)s" rel="author">%(name)s</a>') % {
            "url": escape(profile.get_absolute_url()),
            "name": escape(profile.display_name),
        }
    else:
        who = gettext("By %(name)s") % {"name": escape(article.author.display_name)}
    parts = [who]
    if article.published_at:
        moment, when = _time(article.published_at)
        parts += [SEPARATOR, f'<time datetime="{moment}">{when}</time>']
        if article.was_updated:
            moment, when = _time(article.updated_at)
            updated = gettext('Updated <time datetime="%(moment)s">%(when)s</time>') % {
                "moment": moment,
                "when": when,
            }
            parts += [SEPARATOR, f'<span class="byline__updated">{updated}</span>']
    else:
        parts += [SEPARATOR, escape(gettext("Not yet published"))]
    if not hide_section:
        section = gettext('in <a href="%(url)s">%(section)s</a>') % {
            "url": escape(article.section.get_absolute_url()),
            "section": escape(article.section.name),
        }
        parts.append(f'<span class="byline__section">{section}</span>')
    return mark_safe(f'<p class="byline">{" ".join(parts)}</p>')  # noqa: S308 (values escaped)
