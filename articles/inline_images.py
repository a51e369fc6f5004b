"""Pictures from the library inside an article body, shown with their renditions.

A body keeps a library picture as ``<figure data-image="123"></figure>``
(``articles.sanitize``). When the page is shown, every such figure is filled in from the
picture as it is now: WebP renditions with a JPEG fallback, width and height, alt text,
caption and credit. All the pictures of one body come in one query (none when it has no
figure), however many figures it holds. A figure whose picture was deleted, or whose
renditions are still being made, shows nothing to readers; previews say why instead.
"""

import re

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.sanitize import INLINE_IMAGE_ATTRIBUTE, inline_image_ids, sanitize_body
from media.models import Image

# More figures than any article needs; beyond them figures show nothing (bounded query).
MAX_INLINE_IMAGES = 100
# What the page reads of each picture.
SHOWN_FIELDS = ["id", "alt_text", "caption", "credit", "width", "height", "renditions"]

_FIGURE = re.compile(r"<figure " + INLINE_IMAGE_ATTRIBUTE + r'="(\d+)"></figure>')


def images_shown_in(html):
    """The library pictures a cleaned body shows, by number, in one query (none without
    a figure). Deleted ones are simply missing."""
    ids = inline_image_ids(html)[:MAX_INLINE_IMAGES]
    if not ids:
        return {}
    return Image.objects.only(*SHOWN_FIELDS).in_bulk(ids)


def render_body(html, *, preview=False):
    """The body cleaned to the allow-list, with each library figure filled in; safe to put
    in a page as it is. ``preview`` shows a note where a picture cannot be shown."""
    cleaned = sanitize_body(html)
    images = images_shown_in(cleaned)

    def figure(match):
        image_id = int(match.group(1))
        image = images.get(image_id)
        if image is not None and not image.is_processing:
            return render_to_string("includes/inline_figure.html", {"image": image}).strip()
        if not preview:
            return ""
        if image is None:
            note = _("Picture %(number)d is no longer in the library: readers see nothing here.")
        else:
            note = _(
                "Picture %(number)d is still being processed: readers see it once it is ready."
            )
        return format_html(
            '<p class="inline-figure-missing" role="note">{}</p>', note % {"number": image_id}
        )

    return mark_safe(_FIGURE.sub(figure, cleaned))  # noqa: S308 - cleaned by nh3, figures escaped
