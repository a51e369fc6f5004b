"""The picture library in the admin: writers upload, pick and delete their own pictures.

The body editor's picture picker (static/js/article-image-picker.js) talks to two JSON
addresses here: ``picker/`` lists the library the user may use (search, pages) and
``picker/upload/`` takes a new upload through the same form and checks as this admin.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from articles.permissions import can_delete_image, can_manage_image, can_write_articles, image_scope
from articles.sanitize import is_inline_image_id
from media.forms import ImageAdminForm, crop_previews, focal_point_picker
from media.models import Image
from publishing import services

# Pictures per page of the picker, the longest search it reads, and how many pictures one
# look-up by number may name (the editor asks for the figures of one article).
PICKER_PAGE_SIZE = 12
PICKER_MAX_QUERY = 100
PICKER_MAX_IDS = 100


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
    change_form_template = "admin/media/image/change_form.html"

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
        return can_delete_image(request.user, obj)

    def get_actions(self, request):
        # One picture at a time, each with its own confirmation: a picture in use is refused
        # with the articles that show it (services.check_image_deletion).
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def _may_handle(self, request, obj):
        if obj is None:
            return can_write_articles(request.user)
        return can_manage_image(request.user, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # Where the picture is used, among the articles this viewer may open; a picture
            # in use cannot be deleted.
            showing = Article.objects.showing_image(obj)
            visible = showing.filter(pk__in=Article.objects.visible_to(request.user).values("pk"))
            context["used_in"] = list(visible.order_by("title").only("pk", "title")[:20])
            context["used_elsewhere"] = showing.count() - visible.count()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def delete_view(self, request, object_id, extra_context=None):
        """The confirmation page and the deletion, unless the picture is in use: then back to
        the picture with a message naming the articles that show it."""
        image = self.get_object(request, unquote(object_id))
        if image is not None and self.has_delete_permission(request, image):
            try:
                services.check_image_deletion(image, request.user)
                return super().delete_view(request, object_id, extra_context)
            except services.WriteRefused as refusal:
                messages.error(request, str(refusal))
                return redirect(reverse("admin:media_image_change", args=[image.pk]))
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        services.delete_image(obj, request.user)

    # The body editor's picture picker.

    def get_urls(self):
        return [
            path(
                "picker/",
                self.admin_site.admin_view(self.picker_view),
                name="media_image_picker",
            ),
            path(
                "picker/upload/",
                self.admin_site.admin_view(self.picker_upload_view),
                name="media_image_picker_upload",
            ),
            *super().get_urls(),
        ]

    def picker_view(self, request):
        """The pictures the user may put in an article, newest first, as JSON: ``q`` searches
        the alt text and caption, ``page`` pages; ``ids=1,2`` names pictures instead (the
        editor showing the figures already in a body)."""
        if not can_write_articles(request.user):
            raise PermissionDenied
        pictures = Image.objects.filter(image_scope(request.user)).order_by("-created_at", "-id")
        if "ids" in request.GET:
            parts = (part.strip() for part in request.GET["ids"].split(","))
            ids = [int(part) for part in parts if is_inline_image_id(part)]
            pictures = pictures.filter(pk__in=ids[:PICKER_MAX_IDS])
            return JsonResponse({"images": [self._picked(image) for image in pictures]})
        query = request.GET.get("q", "").strip()[:PICKER_MAX_QUERY]
        if query:
            pictures = pictures.filter(Q(alt_text__icontains=query) | Q(caption__icontains=query))
        page = Paginator(pictures, PICKER_PAGE_SIZE).get_page(request.GET.get("page"))
        return JsonResponse(
            {
                "images": [self._picked(image) for image in page],
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "has_next": page.has_next(),
                "has_previous": page.has_previous(),
            }
        )

    def picker_upload_view(self, request):
        """A new picture uploaded from the picker, checked like the image form; JSON with the
        picture, or the form's errors field by field (status 400)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImageAdminForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = {
                ("file" if field == "__all__" else field): [str(error) for error in field_errors]
                for field, field_errors in form.errors.items()
            }
            return JsonResponse(
                {"error": gettext("The picture was not uploaded."), "errors": errors}, status=400
            )
        image = form.save(commit=False)
        self.save_model(request, image, form, change=False)
        self.log_addition(request, image, [{"added": {}}])
        return JsonResponse({"image": self._picked(image)}, status=201)

    def _picked(self, image):
        return {
            "id": image.pk,
            "alt_text": image.alt_text,
            "caption": image.caption,
            "credit": image.credit,
            "thumbnail": image.thumbnail_src,
            "width": image.width,
            "height": image.height,
            "processing": image.is_processing,
        }

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
