"""The publishing record: one row for every workflow step of an article."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models import Article
from newsroom.text import CleanTextField


class TransitionLog(models.Model):
    """The audit trail: one row for every workflow transition, who did it and when."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=20, choices=Article.Status.choices)
    to_status = models.CharField(max_length=20, choices=Article.Status.choices)
    note = CleanTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "articles_transitionlog"  # kept from before the publishing app existed
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["article", "-created_at"])]

    def __str__(self):
        return f"{self.action} {self.article_id} by {self.actor_id}"
