"""The kinds of article and the states of the workflow (``Article.Kind``, ``Article.Status``).

Their own module, so the permission rules can name them without importing the models.
"""

from django.db import models


class Kind(models.TextChoices):
    NEWS = "news", "News"
    OP_ED = "op_ed", "Op-Ed"
    ANALYSIS = "analysis", "Analysis"
    PRESS_RELEASE = "press_release", "Press release"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for review"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    UNPUBLISHED = "unpublished", "Unpublished"
