"""Links to tag pages that cannot fail: ``{% load tag_links %}{{ tag|tag_url }}``."""

from django import template

from articles.tags import tag_url as tag_page_url

register = template.Library()


@register.filter
def tag_url(tag):
    """The tag page's address, or ``None`` (the template then prints the name unlinked)."""
    return tag_page_url(tag)
