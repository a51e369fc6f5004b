from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from articles.caching import purge_public_pages
from articles.models import Section, SiteSettings


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    """Sections: moderators and site admins (model permissions from the groups)."""

    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        purge_public_pages()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        purge_public_pages()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        purge_public_pages()


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """The single settings row: the list goes straight to its form; no adding, no deleting."""

    fieldsets = [
        (None, {"fields": ["site_name", "tagline", "language", "twitter_handle"]}),
        (
            "Disclaimers",
            {
                "fields": ["op_ed_disclaimer", "analysis_disclaimer", "press_release_disclaimer"],
                "description": "Printed under articles of each kind. {site_name} is replaced "
                "by the site name.",
            },
        ),
        ("Top News", {"fields": ["top_news_window_hours"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        SiteSettings.load()
        return redirect(reverse("admin:articles_sitesettings_change", args=[1]))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        purge_public_pages()
