from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models

from accounts.models import AuthorProfile, SecurityEvent, User
from accounts.roles import is_moderator
from media.images import ImageUploadField, PrivateOriginalInput


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "last_login")
    list_filter = ("groups", "is_staff", "is_superuser", "is_active")


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    """Moderators manage every author profile; a writer sees and edits only their own."""

    list_display = ("display_name", "slug", "user", "twitter_handle")
    search_fields = ("display_name", "slug", "user__username", "user__email")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    # Photos go through the same gate as article images: a real JPEG, PNG or WebP, no SVG,
    # within the size, pixel and memory limits; the original stays private and readers get
    # renditions without metadata (AuthorProfile.save).
    formfield_overrides = {
        models.ImageField: {
            "form_class": ImageUploadField,
            "widget": PrivateOriginalInput(preview="photo_src"),
        },
        models.URLField: {"assume_scheme": "https"},
    }

    def get_queryset(self, request):
        profiles = super().get_queryset(request)
        if is_moderator(request.user):
            return profiles
        return profiles.filter(user=request.user)

    def _may_touch(self, request, profile):
        return profile is None or is_moderator(request.user) or profile.user_id == request.user.pk

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._may_touch(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_touch(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if is_moderator(request.user):
            return ()
        # The author page address and the account it belongs to are the moderators' call.
        return ("user", "slug")

    def get_prepopulated_fields(self, request, obj=None):
        if obj is None and is_moderator(request.user):
            return {"slug": ("display_name",)}
        return {}


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The staff audit log: readable by whoever holds ``view_securityevent`` (moderators),
    changed by nobody, not even a superuser."""

    list_display = ("created_at", "kind", "username", "actor", "ip_address", "detail")
    list_filter = ("kind", "created_at")
    search_fields = ("username", "ip_address", "detail", "user_agent")
    list_select_related = ("actor",)
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "kind",
        "user",
        "username",
        "actor",
        "ip_address",
        "user_agent",
        "detail",
    )
    readonly_fields = fields
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
