"""Search-engine and social-card tags for templates: ``{% load seo %}``.

The values are built in ``articles.seo``; these tags only hand them to the includes.
"""

from django import template

from articles import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def article_meta(context, article):
    """``{% article_meta article as meta %}``: canonical URL, OpenGraph, Twitter, JSON-LD."""
    return seo.article_meta(
        article,
        context["request"],
        site_settings=context.get("site_settings"),
        preview=context.get("preview", False),
        corrections=context.get("corrections", ()),
    )


@register.simple_tag(takes_context=True)
def article_head(context, article):
    """``{% article_head article %}``: those values as ``<meta>``, ``<link>`` and JSON-LD."""
    return seo.head_tags(article_meta(context, article))


@register.simple_tag(takes_context=True)
def share_links(context, article):
    """``{% share_links article as links %}``: plain share links, no third-party script."""
    return seo.share_links(article, context["request"])
