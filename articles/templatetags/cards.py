"""``{% load cards %}{% article_card article variant="row" heading_level=2 %}``: an article
card in a listing, given every parameter of includes/article_card.html (``articles.cards``)."""

from django import template

from articles.cards import CARD_TEMPLATE, card_context

register = template.Library()


@register.simple_tag(takes_context=True)
def article_card(context, article, **options):
    """includes/article_card.html for ``article`` with ``options``, the others unset.

    Rendered as an inclusion tag renders its template, in a context of its own: the card
    reads nothing but its parameters."""
    card = context.template.engine.get_template(CARD_TEMPLATE)
    return card.render(context.new(card_context(article, **options)))
