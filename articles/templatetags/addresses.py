"""``{% address %}``: the ``{% url %}`` of an address every page shows, remembered.

The frame of each public page links the same few addresses (home, search, the archive,
the login box); ``{% url %}`` resolves each of them again on every render. ``address``
reads them through ``newsroom.reversing.cached_reverse``: ``{% address 'articles:home' %}``,
``{% address 'readership:read' pk=article.pk %}`` (keyword arguments only).
"""

from django import template

from newsroom.reversing import cached_reverse

register = template.Library()


@register.simple_tag
def address(viewname, **kwargs):
    """The address of ``viewname`` with ``kwargs``, as ``{% url %}`` gives it."""
    return cached_reverse(viewname, **kwargs)
