"""The publishing record: one row for every workflow step of an article, the corrections
and clarifications added to published articles, autosaves of the article form and the
links that share an unpublished article's preview."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from newsroom.text import CleanTextField


class RejectionReason(models.TextChoices):
    """Why a moderator sent an article back: chosen with the note, counted per writer on
    the desk's report so that patterns show."""

    NEEDS_SOURCES = "needs_sources", _("Needs sources")
    TOO_SHORT = "too_short", _("Too short")
    LIBEL_RISK = "libel_risk", _("Libellous risk")
    STYLE = "style", _("Style")
    DUPLICATE = "duplicate", _("Duplicate")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Other")


class TransitionLog(models.Model):
    """The audit trail: one row for every workflow transition, who did it and when.

    The revision the step saved (django-reversion) carries the same time as the row
    (``services.apply_transition``), so the article as it was at the step can be found.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=20, choices=Article.Status.choices)
    to_status = models.CharField(max_length=20, choices=Article.Status.choices)
    note = CleanTextField(blank=True)
    reason = models.CharField(
        _("reason"),
        max_length=20,
        choices=RejectionReason,
        blank=True,
        help_text=_("Why the article was sent back (rejections only)."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "articles_transitionlog"  # kept from before the publishing app existed
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["article", "-created_at"]),
            # The rejection report: one step over a period.
            models.Index(fields=["action", "created_at"], name="transition_action_time"),
        ]

    def __str__(self):
        return f"{self.action} {self.article_id} by {self.actor_id}"


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Notices on articles readers can see now, newest first."""
        return self.filter(article__in=Article.objects.published().values("pk")).order_by(
            "-created_at", "-id"
        )


class Correction(models.Model):
    """A notice on a published article: a correction of a mistake or a clarification,
    added by a moderator without a new review round (``services.add_correction``) and
    shown to readers on the article, on /corrections/ and in its feed."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")

    class Position(models.TextChoices):
        TOP = "top", _("Above the article")
        BOTTOM = "bottom", _("Below the article")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = CleanTextField(
        _("text"),
        max_length=2000,
        help_text=_("What was wrong and what is right, in a sentence or two. Plain text."),
    )
    position = models.CharField(
        _("shown"), max_length=10, choices=Position.choices, default=Position.BOTTOM
    )
    created_at = models.DateTimeField(_("published"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The /corrections/ page and feed: newest first.
            models.Index(fields=["-created_at", "-id"], name="correction_latest"),
        ]
        verbose_name = _("correction or clarification")
        verbose_name_plural = _("corrections and clarifications")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"


# A claim with no activity for this long lapses: someone else may take the article.
CLAIM_IDLE = timedelta(hours=1)


class ClaimQuerySet(models.QuerySet):
    def active(self):
        """Claims whose holder was active within the last ``CLAIM_IDLE``."""
        return self.filter(last_active_at__gt=timezone.now() - CLAIM_IDLE)


class Claim(models.Model):
    """“I'm reviewing this”: a moderator holds a submitted article so that others see it is
    taken. Lapses after ``CLAIM_IDLE`` without activity, or when released or decided."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="claim")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    claimed_at = models.DateTimeField(default=timezone.now)
    last_active_at = models.DateTimeField(default=timezone.now)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim")

    def __str__(self):
        return f"{self.article_id} held by {self.moderator_id}"

    @property
    def is_active(self):
        return self.last_active_at > timezone.now() - CLAIM_IDLE


class ArticleAutosave(models.Model):
    """What a writer typed in the article form and has not saved yet, kept every few
    seconds by the editor (``publishing.autosave``).

    It is a copy beside the article, never the article: one per person and article (or per
    person and new, never-saved article, named by the form's ``draft_key``). Saving the
    form removes it; opening the form while one exists offers to restore it.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="autosaves"
    )
    draft_key = models.UUIDField(
        null=True,
        blank=True,
        help_text="Names the form of a new article that has never been saved.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="article_autosaves"
    )
    fields = models.JSONField(default=dict, help_text="The form's fields as typed.")
    based_on_version = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The article version the form was opened on; a newer one means someone "
        "saved the article meanwhile.",
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-saved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=models.Q(article__isnull=False),
                name="one_autosave_per_user_and_article",
            ),
            models.UniqueConstraint(
                fields=["user", "draft_key"],
                condition=models.Q(draft_key__isnull=False),
                name="one_autosave_per_user_and_draft",
            ),
            models.CheckConstraint(
                condition=models.Q(article__isnull=False) ^ models.Q(draft_key__isnull=False),
                name="autosave_of_article_or_draft",
            ),
        ]

    def __str__(self):
        return f"Autosave of {self.article_id or self.draft_key} by {self.user_id}"


def new_share_token():
    return secrets.token_urlsafe(32)


class ShareLinkQuerySet(models.QuerySet):
    def active(self):
        """Links that still open their preview: not revoked and not expired (the article
        being public is checked on the article)."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ShareLink(models.Model):
    """An address that shows an unpublished article's preview to someone without an account
    (a lawyer, a source) until it expires, is revoked, or the article goes public."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="share_links")
    token = models.CharField(max_length=64, unique=True, default=new_share_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(help_text="The link stops working at this time.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["article", "-created_at"])]

    def __str__(self):
        return f"Share link of {self.article_id} until {self.expires_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("publishing:shared_preview", args=[self.token])

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_revoked(self):
        return self.revoked_at is not None
