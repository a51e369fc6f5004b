"""Sections in the admin: moderators and site admins (model permissions from the groups)."""

from django.contrib import admin

from articles.models import Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    """Sections: moderators and site admins (model permissions from the groups)."""

    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
