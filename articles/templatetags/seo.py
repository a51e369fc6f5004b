"""Search-engine and social-card tags for templates: ``{% load seo %}``.

The values and markup are built in ``articles.seo``; these tags hand them the context.
"""

from django import template

from articles import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def article_head(context, article):
    """``{% article_head article %}``: the canonical URL, OpenGraph and Twitter tags and the
    JSON-LD of ``articles.seo.article_meta``, as ``<meta>``, ``<link>`` and a data block."""
    meta = seo.article_meta(
        article,
        context["request"],
        site_settings=context.get("site_settings"),
        preview=context.get("preview", False),
        corrections=context.get("corrections", ()),
    )
    return seo.head_tags(meta)


@register.simple_tag(takes_context=True)
def share_links(context, article):
    """``{% share_links article as links %}``: plain share links, no third-party script."""
    return seo.share_links(article, context["request"])
