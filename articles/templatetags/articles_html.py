"""Rendering article HTML: ``{% load articles_html %}{{ article.body|safe_body }}``."""

from django import template
from django.utils.safestring import mark_safe

from articles.sanitize import sanitize_body

register = template.Library()


@register.filter
def safe_body(html):
    """The body cleaned to the article allow-list, marked safe for the template.

    Bodies are already cleaned when saved; cleaning again on output means a row that
    reached the database some other way (a script, a restored old revision) still
    renders safely.
    """
    return mark_safe(sanitize_body(html))  # noqa: S308 - cleaned by nh3 just above
