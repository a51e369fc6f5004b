"""The page frame's header: ``{% load masthead %}{% site_header %}``.

The header (site name, menu button, login box, section navigation, search box) is the same
on every page a reader without a session sees, but for the page's own address in the login
box's ``next`` field and the section marked as current. Rendering it was a sixth of
rendering an article page, so for anonymous readers it is rendered once per process for
each set of values it shows and kept, with the address put in on every page.

``includes/site_header.html`` is rendered with only the values named here, never the
page's context, so the key of a kept header (those values, the language and the script
prefix) is all it can depend on: a renamed section or site changes the key. Signed-in
readers, whose header names them and carries a CSRF token, get it rendered every time.
"""

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

HEADER_TEMPLATE = "includes/site_header.html"
# Stands in for the page's address while a header is rendered to be kept: no escaping
# changes it, and no text of the header contains it.
_NEXT_PATH = "\x00next-path\x00"
_kept_headers = {}
KEPT_HEADERS_MAX = 256


def forget_kept_headers():
    _kept_headers.clear()


@register.simple_tag(takes_context=True)
def site_header(context):
    request = context.get("request")
    user = context.get("user")
    site_settings = context.get("site_settings")
    current_slug = context.get("current_section_slug", "")
    values = {
        "site_name": site_settings.site_name if site_settings is not None else "",
        "navigation": tuple(
            (section.get_absolute_url(), section.name, section.slug == current_slug)
            for section in context.get("navigation_sections", ())
        ),
        "search_query": context.get("search_query", ""),
        "twitter_login_enabled": bool(context.get("twitter_login_enabled")),
    }
    next_path = request.get_full_path() if request is not None else ""
    header = get_template(HEADER_TEMPLATE)
    signed_in = user is not None and user.is_authenticated
    if signed_in or values["search_query"] or settings.DEBUG:
        # Searches are not kept: any words would make a new key.
        page_values = {
            "user": user,
            "csrf_token": context.get("csrf_token"),
            "next_path": next_path,
        }
        html = header.render({**values, **page_values}).strip()
        return mark_safe(html)  # noqa: S308 (our template's output)
    key = (translation.get_language(), get_script_prefix(), *values.values())
    pieces = _kept_headers.get(key)
    if pieces is None:
        html = header.render({**values, "user": None, "next_path": _NEXT_PATH}).strip()
        pieces = html.split(_NEXT_PATH)
        if len(_kept_headers) >= KEPT_HEADERS_MAX:
            _kept_headers.clear()
        _kept_headers[key] = pieces
    return mark_safe(escape(next_path).join(pieces))  # noqa: S308 (our template, the path escaped)
