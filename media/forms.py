"""The image form of the admin: only verified pictures within the limits get in, and the
writer points at the picture's subject (its focal point) for the crops."""

from django import forms
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from media.images import ImageUploadField, PrivateOriginalInput
from media.models import Image


def focal_point_field(model_field, edge_low, edge_high):
    """A number from 0 to 1 for one axis of the focal point, refused with a sentence that
    says which edges the numbers stand for."""
    out_of_range = _(
        "The focal point must lie inside the picture: give a number from 0 (%(low)s) "
        "to 1 (%(high)s)."
    ) % {"low": edge_low, "high": edge_high}
    return forms.FloatField(
        label=model_field.verbose_name.capitalize(),
        help_text=model_field.help_text,
        # Left empty (or sent by a form from before focal points): the point stays put.
        required=False,
        min_value=0,
        max_value=1,
        error_messages={
            "min_value": out_of_range,
            "max_value": out_of_range,
            "invalid": out_of_range,
        },
        widget=forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
    )


class ImageAdminForm(forms.ModelForm):
    file = ImageUploadField(
        label=_("Picture"),
        help_text=Image._meta.get_field("file").help_text,
        widget=PrivateOriginalInput(preview="thumbnail_src"),
    )
    focal_x = focal_point_field(Image._meta.get_field("focal_x"), _("left edge"), _("right edge"))
    focal_y = focal_point_field(Image._meta.get_field("focal_y"), _("top edge"), _("bottom edge"))

    def clean_focal_x(self):
        return self._focal("focal_x")

    def clean_focal_y(self):
        return self._focal("focal_y")

    def _focal(self, name):
        value = self.cleaned_data[name]
        return getattr(self.instance, name) if value is None else round(value, 4)

    class Media:
        css = {"all": ["css/focal-point.css"]}
        js = ["js/unsaved-changes.js", "js/focal-point.js"]

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "focal_x", "focal_y"]


def focal_point_picker(image):
    """The picture to click for the focal point (``static/js/focal-point.js`` brings it to
    life and writes the two number fields, which work without it), with outlines of the
    16:9 card and 1:1 thumbnail crops; before the renditions exist, a sentence instead."""
    if not image.pk or image.is_processing:
        return _(
            "The picture to click appears here once its renditions are made; until then, "
            "type the focal point in the two fields below."
        )
    return format_html(
        '<div class="focal-picker" data-focal-picker data-input-x="id_focal_x" '
        'data-input-y="id_focal_y" hidden>'
        '<p class="focal-picker__help" id="focal-picker-help">{help}</p>'
        '<div class="focal-picker__frame">'
        '<img class="focal-picker__picture" src="{src}" alt="{alt}" width="{width}" '
        'height="{height}">'
        '<span class="focal-picker__crop focal-picker__crop--card" data-ratio="16:9" '
        'title="{card}"></span>'
        '<span class="focal-picker__crop focal-picker__crop--square" data-ratio="1:1" '
        'title="{square}"></span>'
        '<button type="button" class="focal-picker__marker" '
        'aria-describedby="focal-picker-help"><span class="focal-picker__label"></span>'
        "</button></div>"
        '<p class="focal-picker__status" role="status"></p>'
        "</div>",
        help=_(
            "Click the subject of the picture, or move the marker with the arrow keys "
            "(with Shift, in larger steps). Cards (16:9, the wide outline), social-network "
            "cards and thumbnails (1:1, the square outline) are cut around it when you save."
        ),
        src=image.src,
        alt=image.alt_text,
        width=image.width or "",
        height=image.height or "",
        card=_("The 16:9 card crop"),
        square=_("The 1:1 thumbnail crop"),
    )


def crop_previews(image):
    """What readers get of the picture: the 16:9 card, the social-network card and the
    square thumbnail as they were cut, or a sentence while they are being cut."""
    if not image.pk or not image.crops:
        return _("Cut around the focal point when the picture is saved.")
    figures = format_html_join(
        "",
        '<figure class="focal-crop"><img src="{}" alt="" width="{}" height="{}">'
        "<figcaption>{}</figcaption></figure>",
        (
            (default_storage.url(crop.smallest["jpeg"]), *size, label)
            for crop, size, label in [
                (image.card, (240, 135), _("Card, 16:9")),
                (image.social, (240, 126), _("Social-network card, 1200x630")),
                (image.square, (80, 80), _("Thumbnail, 1:1")),
            ]
            if crop
        ),
    )
    if image.crops_are_current:
        return format_html('<div class="focal-crops">{}</div>', figures)
    return format_html(
        '<p class="focal-picker__help">{}</p><div class="focal-crops">{}</div>',
        _("New crops are being cut around the focal point; these are the last ones."),
        figures,
    )
