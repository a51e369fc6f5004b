"""The image form of the admin: only verified pictures within the limits get in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from media.images import ImageUploadField, PrivateOriginalInput
from media.models import Image


class ImageAdminForm(forms.ModelForm):
    file = ImageUploadField(
        label=_("Picture"),
        help_text=Image._meta.get_field("file").help_text,
        widget=PrivateOriginalInput(preview="thumbnail_src"),
    )

    class Media:
        js = ["js/unsaved-changes.js"]

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]
