from django.contrib import admin
from django.core.files.storage import default_storage
from django.utils.html import format_html

from articles.forms import ImageAdminForm
from articles.images import delete_renditions
from articles.models import Image
from articles.permissions import can_write_articles, is_moderator


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    """Pictures: writers upload and pick their own; moderators see and manage them all."""

    form = ImageAdminForm
    list_display = ["thumbnail", "alt_text", "credit", "dimensions", "uploaded_by", "created_at"]
    list_display_links = ["thumbnail", "alt_text"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt_text", "caption", "credit"]
    date_hierarchy = "created_at"
    readonly_fields = ["preview", "dimensions", "uploaded_by", "created_at"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_moderator(request.user):
            return queryset
        return queryset.filter(uploaded_by=request.user)

    def has_module_permission(self, request):
        return can_write_articles(request.user)

    def has_view_permission(self, request, obj=None):
        return self._may_handle(request, obj)

    def has_add_permission(self, request):
        return can_write_articles(request.user)

    def has_change_permission(self, request, obj=None):
        return self._may_handle(request, obj)

    def has_delete_permission(self, request, obj=None):
        return can_write_articles(request.user) and is_moderator(request.user)

    def _may_handle(self, request, obj):
        if not can_write_articles(request.user):
            return False
        return obj is None or is_moderator(request.user) or obj.uploaded_by_id == request.user.pk

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Image.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        # The files go with the rows: the upload and every rendition.
        files = [(image.file.name, image.renditions) for image in queryset]
        super().delete_queryset(request, queryset)
        for name, renditions in files:
            delete_renditions(renditions)
            if name and default_storage.exists(name):
                default_storage.delete(name)

    @admin.display(description="Picture")
    def thumbnail(self, image):
        return format_html(
            '<img src="{}" alt="" class="article-admin-thumbnail" width="80">', image.thumbnail_src
        )

    @admin.display(description="Renditions")
    def preview(self, image):
        if not image.pk:
            return "Made when the picture is saved."
        return format_html(
            '<img src="{}" alt="{}" class="article-admin-preview" width="480"><br>{}',
            image.src,
            image.alt_text,
            ", ".join(f"{rendition['width']} px" for rendition in image.renditions),
        )

    @admin.display(description="Size")
    def dimensions(self, image):
        return f"{image.width} x {image.height}" if image.width else "—"
