"""The article history screens: moderators read old versions and restore one
(``publishing.revisions``); writers see the plain history of their own article."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.permissions import can_restore_revisions
from newsroom.timezones import local_time
from publishing.revisions import restore_version, version_content


class RevisionsMixin:
    """Replaces django-reversion's revert screens with a read-only view and a safe restore."""

    revision_template = "admin/articles/article/revision.html"

    def history_view(self, request, object_id, extra_context=None):
        if can_restore_revisions(request.user):
            return super().history_view(request, object_id, extra_context)
        return self.writer_history_view(request, object_id, extra_context)

    def writer_history_view(self, request, object_id, extra_context=None):
        """Writers see every saved version of their own article (when, who, what happened),
        without the links to open or restore one."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return redirect(reverse("admin:articles_article_changelist"))
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = Version.objects.get_for_object(article).select_related("revision__user__profile")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": article,
            "title": _("History: %(title)s") % {"title": article.title},
            "subtitle": None,
            "versions": versions,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/writer_history.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not can_restore_revisions(request.user):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return redirect(reverse("admin:articles_article_changelist"))
        version = get_object_or_404(
            Version.objects.get_for_object(article).select_related("revision__user"),
            pk=version_id,
        )
        if request.method == "POST":
            restore_version(article, version, request.user)
            messages.success(
                request,
                _("The older version of “%(title)s” was restored and saved.")
                % {"title": article.title},
            )
            return redirect(reverse("admin:articles_article_change", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "version": version,
            "content": version_content(version),
            "title": _("Version of %(when)s") % {"when": local_time(version.revision.date_created)},
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.revision_template, context)

    def recoverlist_view(self, request, extra_context=None):
        if not can_restore_revisions(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not can_restore_revisions(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)
