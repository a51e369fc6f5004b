"""What background work leaves behind: tasks that failed, and mail that went out."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FailedTask(models.Model):
    """A task that failed at least once: retried with back-off, then kept as a dead letter.

    One row per piece of work, however many attempts it took; ``background.retry`` writes it.
    """

    class Status(models.TextChoices):
        RETRYING = "retrying", _("Retrying")
        DEAD = "dead", _("Gave up")
        RECOVERED = "recovered", _("Succeeded on a retry")

    task_path = models.CharField(
        _("task"), max_length=200, help_text=_("The Python path of the task function.")
    )
    arguments = models.JSONField(
        _("arguments"), default=dict, help_text=_("The task's arguments: {args, kwargs}.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RETRYING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    traceback = models.TextField(_("traceback of the last error"), blank=True)
    first_failed_at = models.DateTimeField(_("first failed at"), default=timezone.now)
    last_failed_at = models.DateTimeField(_("last failed at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(
        _("next attempt at"),
        null=True,
        blank=True,
        help_text=_("When the queue tries again; empty once the task gave up or succeeded."),
    )

    class Meta:
        verbose_name = _("failed task")
        verbose_name_plural = _("failed tasks")
        ordering = ["-last_failed_at"]
        indexes = [models.Index(fields=["status", "-last_failed_at"])]

    def __str__(self):
        return f"{self.task_path.rsplit('.', 1)[-1]} ({self.get_status_display()})"


class SentMail(models.Model):
    """The marker of one email that went out, so a task that runs twice sends it once.

    ``key`` is fixed when the mail is decided (``publishing.tasks``, ``accounts.tasks``) and
    travels with the task's arguments, retries included.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("sent emails")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["-sent_at"])]

    def __str__(self):
        return self.subject or self.key
