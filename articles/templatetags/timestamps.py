"""``{% load timestamps %}``: times for machines (``{{ article.published_at|w3c_datetime }}``)
and the short date of a card (``{{ article.published_at|short_date }}``)."""

from datetime import date, datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.formats import date_format
from django.utils.translation import get_language, override

from articles import timestamps
from newsroom.memos import language_memo

register = template.Library()

SHORT_DATE_FORMAT = "j M Y"


@register.filter(expects_localtime=True)
def w3c_datetime(moment):
    """The value of a ``datetime`` attribute, a sitemap's ``lastmod``: to the second, in the
    site's time zone, with its offset."""
    return timestamps.w3c_datetime(moment) or ""


@register.filter(expects_localtime=True)
def short_date(moment):
    """What ``|date:"j M Y"`` prints ("29 Mar 2026"), remembered per day and language.

    A list of cards prints the same few days again and again, and the ``date`` filter
    looks its format up in the format modules and formats the date anew each time. The
    template engine has already put ``moment`` in the active time zone (``expects_localtime``),
    so its day is the one the reader sees; the month's name depends only on the language.
    Anything but a date or a time goes to the ``date`` filter itself."""
    if isinstance(moment, datetime):
        return _short_date(moment.date(), get_language())
    if isinstance(moment, date):
        return _short_date(moment, get_language())
    return date_filter(moment, SHORT_DATE_FORMAT)


@language_memo(maxsize=4096)  # more than ten years of days
def _short_date(day, language):
    with override(language):
        return date_format(day, SHORT_DATE_FORMAT)
