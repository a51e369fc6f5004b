"""The admin, fitted to writers and moderators: articles, images, sections, site settings.

Role rules are not written here: every ``has_*_permission`` asks
``articles.permissions``, and every status change goes through ``articles.workflow``.
"""

from articles.admin.articles import ArticleAdmin
from articles.admin.images import ImageAdmin
from articles.admin.site import SectionAdmin, SiteSettingsAdmin

__all__ = ["ArticleAdmin", "ImageAdmin", "SectionAdmin", "SiteSettingsAdmin"]
