"""``{% load timestamps %}{{ article.published_at|w3c_datetime }}``: times for machines."""

from django import template

from articles import timestamps

register = template.Library()


@register.filter(expects_localtime=True)
def w3c_datetime(moment):
    """The value of a ``datetime`` attribute, a sitemap's ``lastmod``: to the second, in the
    site's time zone, with its offset."""
    return timestamps.w3c_datetime(moment) or ""
