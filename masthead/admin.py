from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from masthead.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """The single settings row: the list goes straight to its form; no adding, no deleting."""

    fieldsets = [
        (None, {"fields": ["site_name", "tagline", "language", "twitter_handle"]}),
        (
            _("Disclaimers"),
            {
                "fields": ["op_ed_disclaimer", "analysis_disclaimer", "press_release_disclaimer"],
                "description": _(
                    "Printed under articles of each kind. {site_name} is replaced by the site name."
                ),
            },
        ),
        (_("Top News"), {"fields": ["top_news_window_hours"]}),
        (
            _("Style hints"),
            {
                "fields": [
                    "headline_max_characters",
                    "body_min_words",
                    "body_max_words",
                    "subheading_after_words",
                    "summary_max_characters",
                ],
                "description": _(
                    "Advice shown to writers and moderators before review; an article outside "
                    "these limits can still be submitted and published."
                ),
            },
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        SiteSettings.load()
        return redirect(reverse("admin:masthead_sitesettings_change", args=[1]))
