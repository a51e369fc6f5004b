"""Readership: how often each article was read, day by day (Top News ranks by it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyReads(models.Model):
    """How often, and by how many different readers, an article was read on one day.

    Top News ranks by ``readers``: a script that sends many beacons from one address adds
    at most one reader, however many reads it manages to add.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="daily_reads"
    )
    day = models.DateField()
    count = models.PositiveIntegerField(
        default=0, help_text=_("Reads counted (repeats within the read window are not).")
    )
    readers = models.PositiveIntegerField(
        default=0, help_text=_("Different client addresses that read the article that day.")
    )

    class Meta:
        db_table = "articles_dailyreads"  # kept from before the readership app existed
        verbose_name_plural = _("daily reads")
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="unique_reads_per_day")
        ]
        indexes = [models.Index(fields=["day", "article"])]

    def __str__(self):
        return f"{self.article_id} on {self.day}: {self.count}"
