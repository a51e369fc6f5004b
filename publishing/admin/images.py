"""The picture library in the admin: writers upload and pick their own pictures."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.permissions import can_manage_image, can_moderate, can_write_articles, image_scope
from media.forms import ImageAdminForm, crop_previews, focal_point_picker
from media.models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    """Pictures: writers upload and pick their own; moderators see and manage them all."""

    form = ImageAdminForm
    list_display = [
        "thumbnail",
        "alt_text",
        "credit",
        "dimensions",
        "rendition_status",
        "uploaded_by",
        "created_at",
    ]
    list_display_links = ["thumbnail", "alt_text"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt_text", "caption", "credit"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "preview",
        "focal_point",
        "crop_previews",
        "dimensions",
        "uploaded_by",
        "created_at",
    ]
    fieldsets = [
        (None, {"fields": ["file", "alt_text", "caption", "credit"]}),
        (
            _("Focal point"),
            {
                "fields": ["focal_point", "focal_x", "focal_y", "crop_previews"],
                "description": _(
                    "Where the subject of the picture is. Cards, social-network cards and "
                    "thumbnails show a part of the picture around it."
                ),
            },
        ),
        (None, {"fields": ["preview", "dimensions", "uploaded_by", "created_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(image_scope(request.user))

    def has_module_permission(self, request):
        return can_write_articles(request.user)

    def has_view_permission(self, request, obj=None):
        return self._may_handle(request, obj)

    def has_add_permission(self, request):
        return can_write_articles(request.user)

    def has_change_permission(self, request, obj=None):
        return self._may_handle(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_moderate(request.user)

    def _may_handle(self, request, obj):
        if obj is None:
            return can_write_articles(request.user)
        return can_manage_image(request.user, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("Picture"))
    def thumbnail(self, image):
        return format_html(
            '<img src="{}" alt="" class="article-admin-thumbnail" width="80">', image.thumbnail_src
        )

    @admin.display(description=_("Renditions"))
    def preview(self, image):
        if not image.pk:
            return _("Made when the picture is saved.")
        if image.is_processing:
            return _(
                "Processing: the renditions are being made. Pages leave the picture out until "
                "then; reload in a moment."
            )
        return format_html(
            '<img src="{}" alt="{}" class="article-admin-preview" width="480"><br>{}',
            image.src,
            image.alt_text,
            ", ".join(f"{rendition['width']} px" for rendition in image.renditions),
        )

    @admin.display(description=_("Subject"))
    def focal_point(self, image):
        return focal_point_picker(image)

    @admin.display(description=_("Crops"))
    def crop_previews(self, image):
        return crop_previews(image)

    @admin.display(description=_("Renditions"))
    def rendition_status(self, image):
        if image.is_processing:
            return _("Processing")
        # A moved focal point (or a picture from before focal points) waits for its crops.
        return _("Ready") if image.crops_are_current else _("Cutting crops")

    @admin.display(description=_("Size"))
    def dimensions(self, image):
        return f"{image.width} x {image.height}" if image.width else "—"
