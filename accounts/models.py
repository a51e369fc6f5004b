from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.files.storage import default_storage
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from media.images import create_renditions, delete_renditions, originals_storage, srcset
from newsroom.reversing import cached_reverse
from newsroom.text import CleanCharField, CleanTextField
from newsroom.timezones import newsroom_zone, zone_choices, zone_or_newsroom

# Widths of author photo renditions: the author page shows 120 px, twice that on sharp screens.
# They are square, cut from the middle of the photo as the crops of pictures are.
PHOTO_WIDTHS = (120, 240, 480)

# The permissions that define the staff roles (``accounts.roles``), as ``app_label.codename``.
WRITE_ARTICLES = "articles.add_article"
MODERATE_ARTICLES = "articles.moderate_article"
PICK_TOP_NEWS = "articles.pick_top_news"


class NewsroomUserManager(UserManager):
    def moderators(self):
        """Active users who may moderate articles: through a group, their own permissions
        or as superusers (the same rule as ``accounts.roles.is_moderator``)."""
        return self.with_perm(
            MODERATE_ARTICLES, backend="django.contrib.auth.backends.ModelBackend"
        ).filter(is_staff=True)

    def authors(self):
        """Active users an article can be put under: writers and moderators."""
        return (
            self.with_perm(WRITE_ARTICLES, backend="django.contrib.auth.backends.ModelBackend")
            | self.moderators()
        ).filter(is_staff=True)


class User(AbstractUser):
    """Everyone with an account: readers, writers, moderators and site admins.

    Roles are permissions (``accounts.roles``; the groups "Writers" and "Moderators" bundle
    them); a public byline comes from the user's ``AuthorProfile``.
    """

    email = models.EmailField(_("email address"), blank=True)

    objects = NewsroomUserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def time_zone(self):
        """The zone this user reads and types times in (``newsroom.timezones``)."""
        profile = getattr(self, "profile", None)
        return profile.zone if profile is not None else newsroom_zone()

    @property
    def display_name(self):
        profile = getattr(self, "profile", None)
        if profile is not None:
            return profile.display_name
        return self.get_full_name() or self.username


class AuthorProfile(models.Model):
    """The public face of someone who writes: byline, author page, feed and JSON-LD author."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = CleanCharField(
        max_length=100, help_text=_("The name printed in bylines, e.g. “Maria Jensen”.")
    )
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text=_("The author page address: /author/<slug>/. Keep it stable once public."),
    )
    bio = CleanTextField(
        _("short bio"),
        max_length=600,
        blank=True,
        help_text=_("Two or three sentences, plain text."),
    )
    photo = models.ImageField(
        upload_to="authors/%Y/",
        storage=originals_storage,
        blank=True,
        help_text=_(
            "A square portrait works best. JPEG, PNG or WebP, at most 20 MB. The "
            "original is kept private; readers see copies without the camera's data (GPS)."
        ),
    )
    photo_renditions = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text=_(
            "Generated on upload: [{width, height, webp, jpeg}] with media-relative paths."
        ),
    )
    twitter_handle = CleanCharField(
        max_length=15,
        blank=True,
        help_text=_("Without the @, e.g. “mariajensen”. Used for the Twitter card creator."),
    )
    website = models.URLField(blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        choices=zone_choices,
        help_text=_(
            "The zone in which the admin shows you times and reads the times you type, and "
            "in which your workflow mails are written. Empty: the newsroom's time zone."
        ),
    )

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("author profile")

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        """Save; when the photo is new, replaced or removed, redo its renditions."""
        if not self.slug:
            self.slug = slugify(self.display_name)[:100]
        photo_changed = self.photo.name != getattr(self, "_saved_photo_name", None)
        super().save(*args, **kwargs)
        if photo_changed or (self.photo and not self.photo_renditions):
            self.photo_renditions = (
                create_renditions(
                    self.photo, self.photo_renditions, widths=PHOTO_WIDTHS, ratio=(1, 1)
                )
                if self.photo
                else delete_renditions(self.photo_renditions) or []
            )
            AuthorProfile.objects.filter(pk=self.pk).update(photo_renditions=self.photo_renditions)
        self._saved_photo_name = self.photo.name

    def get_absolute_url(self):
        return cached_reverse("articles:author", slug=self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_photo_name = instance.__dict__.get("photo")
        return instance

    @property
    def photo_src(self):
        """The portrait at the size the author page shows (120 px), or "" without a photo."""
        if not self.photo_renditions:
            return ""
        return default_storage.url(self.photo_renditions[0]["jpeg"])

    @property
    def photo_srcset(self):
        return srcset(self.photo_renditions, "jpeg")

    @property
    def zone(self):
        """The staff member's own time zone, or the newsroom's."""
        return zone_or_newsroom(self.time_zone)

    @property
    def twitter_url(self):
        return f"https://twitter.com/{self.twitter_handle}" if self.twitter_handle else ""


class SecurityEvent(models.Model):
    """One line of the staff audit log: a login, a failed login, a second-factor change or
    a role change, with who, when and from where. Written by ``accounts.audit`` only;
    nobody edits or deletes a line (the admin shows them read-only)."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Staff login")
        LOGIN_FAILED = "login_failed", _("Failed staff login")
        MFA_ADDED = "mfa_added", _("Second factor added")
        MFA_REMOVED = "mfa_removed", _("Second factor removed")
        RECOVERY_CODES_RESET = "recovery_codes_reset", _("Recovery codes renewed")
        ROLE_CHANGED = "role_changed", _("Role changed")
        LOGGED_OUT_EVERYWHERE = "logged_out_everywhere", _("Logged out everywhere")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_events",
        help_text=_("The account the event is about."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who made the change, when it was someone else (a role granted by an admin)."),
    )
    username = models.CharField(
        _("username"),
        max_length=150,
        blank=True,
        help_text=_("The account's name at the time, kept when the account is deleted."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="securityevent_user_recent")]
        verbose_name = _("security event")
        verbose_name_plural = _("security log")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.username or '-'}"
