"""Style hints: advice shown beside "Submit for review" and to the moderator reviewing.

Each hint is a sentence about the saved article, measured against the thresholds of the
site settings. Hints never refuse anything: a writer can submit anyway and a moderator
can publish anyway.
"""

import html
import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Article
from masthead.models import SiteSettings

TAG = re.compile(r"<[^>]*>")
SUBHEADING = re.compile(r"<h[2-4][\s>]", re.IGNORECASE)
OP_ED_IN_TITLE = re.compile(r"\bop[\s-]?ed\b", re.IGNORECASE)


def word_count(body):
    """The number of words a reader reads in the HTML ``body`` (each tag a word break:
    a sub-heading's last word and the paragraph's first are two words)."""
    return len(html.unescape(TAG.sub(" ", body or "")).split())


def style_hints(article, site_settings=None):
    """The advice for ``article``, one sentence each, in the order a writer would fix it."""
    site_settings = site_settings or SiteSettings.load()
    hints = []
    if len(article.title) > site_settings.headline_max_characters:
        hints.append(
            _(
                "The headline has %(count)d characters; over %(limit)d, search results and "
                "social cards cut it short."
            )
            % {"count": len(article.title), "limit": site_settings.headline_max_characters}
        )
    if OP_ED_IN_TITLE.search(article.title):
        if article.kind == Article.Kind.OP_ED:
            hints.append(
                _(
                    "The headline says “Op-Ed” and the page adds “Op-Ed:” before it: "
                    "remove it from the headline."
                )
            )
        else:
            hints.append(
                _(
                    "The headline says “Op-Ed” but the kind is %(kind)s: choose the Op-Ed "
                    "kind (it adds the label and the disclaimer) and remove it from the "
                    "headline."
                )
                % {"kind": article.get_kind_display()}
            )
    words = word_count(article.body)
    if words < site_settings.body_min_words:
        hints.append(
            ngettext(
                "The body has %(count)d word; under %(limit)d it reads as a brief.",
                "The body has %(count)d words; under %(limit)d it reads as a brief.",
                words,
            )
            % {"count": words, "limit": site_settings.body_min_words}
        )
    elif words > site_settings.body_max_words:
        hints.append(
            _("The body has %(count)d words; over %(limit)d, consider trimming or a series.")
            % {"count": words, "limit": site_settings.body_max_words}
        )
    if words > site_settings.subheading_after_words and not SUBHEADING.search(article.body):
        hints.append(
            _(
                "The body has %(count)d words and no sub-heading; sub-headings help readers "
                "find their way."
            )
            % {"count": words}
        )
    if article.lead_image_id and not article.lead_image.alt_text.strip():
        hints.append(
            _("The lead image has no alt text: describe it for readers who cannot see it.")
        )
    summary = article.dek.strip()
    if not summary:
        hints.append(
            _("The summary is empty: feeds, search results and social cards show nothing.")
        )
    elif len(summary) > site_settings.summary_max_characters:
        hints.append(
            _("The summary has %(count)d characters; over %(limit)d, feeds and cards cut it short.")
            % {"count": len(summary), "limit": site_settings.summary_max_characters}
        )
    return hints
