"""The kinds of article and the states of the workflow (``Article.Kind``, ``Article.Status``).

Their own module, so the permission rules can name them without importing the models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    NEWS = "news", _("News")
    OP_ED = "op_ed", _("Op-Ed")
    ANALYSIS = "analysis", _("Analysis")
    PRESS_RELEASE = "press_release", _("Press release")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    UNPUBLISHED = "unpublished", _("Unpublished")
