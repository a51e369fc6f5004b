"""What makes the publication itself: its name, tagline and disclaimers (one row)."""

from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsroom.text import CleanCharField, CleanTextField

# The op-ed disclaimer a new site starts with (the data migration 0002 replaced the old one).
OP_ED_DISCLAIMER = (
    "This is an opinion piece by an independent contributor. The views in it are the "
    "writer's own; {site_name} does not necessarily share them."
)


class SiteSettings(models.Model):
    """The one row of site-wide settings a site admin edits in the admin."""

    CACHE_KEY = "masthead:site-settings"

    site_name = CleanCharField(max_length=100, default="Newsroom")
    tagline = CleanCharField(max_length=200, blank=True, default="Independent news and opinion")
    op_ed_disclaimer = CleanTextField(
        _("op-ed disclaimer"),
        default=OP_ED_DISCLAIMER,
        help_text=_("Shown under every op-ed. {site_name} is replaced by the site name."),
    )
    analysis_disclaimer = CleanTextField(
        blank=True,
        default="",
        help_text=_("Shown under analysis pieces when set. {site_name} is replaced."),
    )
    press_release_disclaimer = CleanTextField(
        blank=True,
        default=(
            "This is a press release. {site_name} publishes it as received and has not "
            "verified its claims."
        ),
        help_text=_("Shown under press releases when set. {site_name} is replaced."),
    )
    twitter_handle = CleanCharField(
        max_length=15, blank=True, help_text=_("The site's account without the @ (Twitter card).")
    )
    top_news_window_hours = models.PositiveSmallIntegerField(
        default=48, help_text=_("Top News counts reads over this many hours.")
    )
    language = CleanCharField(
        max_length=10, default="en", help_text=_("Language code of the publication (news sitemap).")
    )

    # Thresholds of the style hints shown to writers and moderators before review
    # (publishing/style_hints.py): advice, never a refusal.
    headline_max_characters = models.PositiveSmallIntegerField(
        default=70, help_text=_("Style hint: a longer headline is cut short in search results.")
    )
    body_min_words = models.PositiveSmallIntegerField(
        default=300, help_text=_("Style hint: a shorter body is flagged as thin.")
    )
    body_max_words = models.PositiveIntegerField(
        default=2500, help_text=_("Style hint: a longer body is flagged for trimming.")
    )
    subheading_after_words = models.PositiveIntegerField(
        _("sub-heading after words"),
        default=600,
        help_text=_("Style hint: a body this long without a sub-heading is flagged."),
    )
    summary_max_characters = models.PositiveSmallIntegerField(
        default=300, help_text=_("Style hint: a longer summary is cut short in feeds and cards.")
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        db_table = "articles_sitesettings"  # kept from before the masthead app existed
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="site_settings_single_row")]

    def __str__(self):
        return gettext("Site settings")

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def load(cls):
        """The settings row, from the cache when possible (created on first use)."""
        site_settings = cache.get(cls.CACHE_KEY)
        if site_settings is None:
            site_settings, _ = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, site_settings, 60 * 60)
        return site_settings

    def disclaimer_for(self, kind):
        """The disclaimer printed under an article of ``kind`` (an ``Article.Kind`` value),
        with the site name filled in; empty for kinds without one."""
        text = {
            "op_ed": self.op_ed_disclaimer,
            "analysis": self.analysis_disclaimer,
            "press_release": self.press_release_disclaimer,
        }.get(kind, "")
        return text.replace("{site_name}", self.site_name)
