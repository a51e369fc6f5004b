"""The newsroom's desk in the admin: the article form and list, workflow and history.

Role rules are not written here: every ``has_*_permission`` asks ``articles.permissions``,
and every write goes through ``publishing.services``.
"""

from publishing.admin.articles import ArticleAdmin
from publishing.admin.images import ImageAdmin

__all__ = ["ArticleAdmin", "ImageAdmin"]
