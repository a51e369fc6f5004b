"""The article history screens: everyone who may open an article lists its saved versions
and compares any two (``publishing.diffs``), and opens "changes since it was sent back";
moderators also read one old version and restore it (``publishing.revisions``)."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from reversion.models import Version

from articles.inline_images import render_body
from articles.permissions import can_read_history, can_restore_revisions
from newsroom.timezones import local_time
from publishing.diffs import compare
from publishing.revisions import (
    last_rejection,
    restore_version,
    version_at_step,
    version_content,
    versions_of,
)


class RevisionsMixin:
    """Replaces django-reversion's history and revert screens with a history that compares
    versions, a read-only view of one version and a restore through the write service."""

    revision_template = "admin/articles/article/revision.html"

    def get_urls(self):
        # Before django-reversion's own "<id>/history/<version_id>/".
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/changes-since-sent-back/",
                self.admin_site.admin_view(self.changes_since_sent_back_view),
                name="articles_article_changes_since_sent_back",
            ),
            *super().get_urls(),
        ]

    def _history_article(self, request, object_id):
        """The article whose history is asked for, or a 404 for one the user cannot open."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("No such article."))
        if not can_read_history(request.user, article):
            raise PermissionDenied
        return article

    def history_view(self, request, object_id, extra_context=None):
        """Every saved version (when, who, what happened), two of them to compare; for
        moderators each also opens, to be read and restored."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return redirect(reverse("admin:articles_article_changelist"))
        if not can_read_history(request.user, article):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": article,
            "title": _("History: %(title)s") % {"title": article.title},
            "subtitle": None,
            "versions": list(versions_of(article)),
            "can_restore": can_restore_revisions(request.user, article),
            "compare_url": reverse("admin:articles_article_compare", args=[article.pk]),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/history.html", context)

    def compare_view(self, request, object_id):
        """What changed between the two versions chosen on the history page (``from`` and
        ``to``, in either order: the older is always shown as "before")."""
        article = self._history_article(request, object_id)
        history_url = reverse("admin:articles_article_history", args=[article.pk])
        try:
            chosen = [int(request.GET[name]) for name in ("from", "to")]
        except (KeyError, ValueError):
            messages.error(request, _("Choose two versions to compare."))
            return redirect(history_url)
        versions = versions_of(article)
        # Another article's version, or one that never existed, is a 404 like a bad address.
        pair = [get_object_or_404(versions, pk=pk) for pk in chosen]
        older, newer = sorted(pair, key=lambda version: (version.revision.date_created, version.pk))
        return self._comparison(
            request,
            article,
            older,
            newer,
            title=_("Compare versions: %(title)s") % {"title": article.title},
        )

    def changes_since_sent_back_view(self, request, object_id):
        """The article as it was when last sent back, compared with the article now."""
        article = self._history_article(request, object_id)
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        rejection = last_rejection(article)
        if rejection is None:
            messages.info(
                request,
                _("“%(title)s” was never sent back, so there are no changes since to show.")
                % {"title": article.title},
            )
            return redirect(change_url)
        versions = versions_of(article)
        older, newer = version_at_step(rejection), versions.first()
        if older is None or newer is None:
            messages.error(
                request,
                _("The version of “%(title)s” that was sent back is no longer in its history.")
                % {"title": article.title},
            )
            return redirect(change_url)
        return self._comparison(
            request,
            article,
            older,
            newer,
            title=_("Changes since it was sent back: %(title)s") % {"title": article.title},
            rejection=rejection,
        )

    def _comparison(self, request, article, older, newer, *, title, rejection=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": title,
            "older": older,
            "newer": newer,
            "comparison": compare(version_content(older), version_content(newer)),
            "rejection": rejection,
            "can_restore": can_restore_revisions(request.user, article),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not can_restore_revisions(request.user):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return redirect(reverse("admin:articles_article_changelist"))
        version = get_object_or_404(versions_of(article), pk=version_id)
        if request.method == "POST":
            restore_version(article, version, request.user)
            messages.success(
                request,
                _("The older version of “%(title)s” was restored and saved.")
                % {"title": article.title},
            )
            return redirect(reverse("admin:articles_article_change", args=[article.pk]))
        content = version_content(version)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "version": version,
            "content": content,
            # With its pictures from the library, and a note where one is gone.
            "body": render_body(content.get("body", ""), preview=True),
            "newest": Version.objects.get_for_object(article).only("pk").first(),
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
