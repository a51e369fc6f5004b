"""Article history with django-reversion: every save keeps a revision; moderators read
old versions and restore one.

Restoring brings back the writing (kind, headline, summary, body, picture, tags), never
the workflow state: status and publication time only change through articles.workflow,
and the address (section, slug) stays stable.
"""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from articles.caching import purge_public_pages
from articles.models import Article, Image, Section, TaggedArticle
from articles.permissions import can_restore_revisions

RESTORED_FIELDS = ["kind", "title", "dek", "body", "lead_image_id"]

if not reversion.is_registered(TaggedArticle):
    reversion.register(TaggedArticle)
if not reversion.is_registered(Article):
    reversion.register(
        Article, exclude=["search_vector", "rank_vector"], follow=["taggedarticle_set"]
    )


def version_content(version):
    """What a stored version of an article said: its fields and its tag names."""
    fields = version.field_dict
    tag_type = ContentType.objects.get_for_model(TaggedArticle)
    tag_ids = [
        tagged.field_dict["tag_id"]
        for tagged in version.revision.version_set.filter(content_type=tag_type)
    ]
    return {
        "kind": Article.Kind(fields["kind"]).label,
        "title": fields["title"],
        "dek": fields["dek"],
        "body": fields["body"],
        "section": Section.objects.filter(pk=fields["section_id"]).first(),
        "lead_image": Image.objects.filter(pk=fields["lead_image_id"]).first(),
        "tag_names": sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True)),
        "fields": fields,
    }


def restore_version(article, version, user):
    """Bring back the writing of ``version`` as a new save (itself a revision)."""
    content = version_content(version)
    when = timezone.localtime(version.revision.date_created).strftime("%d %B %Y, %H:%M")
    with transaction.atomic(), reversion.create_revision():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        for field in RESTORED_FIELDS:
            value = content["fields"][field]
            if field == "lead_image_id" and content["lead_image"] is None:
                value = None
            setattr(locked, field, value)
        locked.version += 1
        locked.updated_by = user
        locked.save()
        locked.tags.set(content["tag_names"])
        locked.refresh_tag_names()
        reversion.set_user(user)
        reversion.set_comment(f"Restored the version of {when}.")
        if locked.status == Article.Status.PUBLISHED:
            transaction.on_commit(purge_public_pages)
    return locked


class RevisionsMixin:
    """Replaces django-reversion's revert screens with a read-only view and a safe restore."""

    revision_template = "admin/articles/article/revision.html"

    def history_view(self, request, object_id, extra_context=None):
        if can_restore_revisions(request.user):
            return super().history_view(request, object_id, extra_context)
        # Writers see the plain admin history of their own article.
        return admin.ModelAdmin.history_view(self, request, object_id, extra_context)

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
                request, f"The older version of “{article.title}” was restored and saved."
            )
            return redirect(reverse("admin:articles_article_change", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "version": version,
            "content": version_content(version),
            "title": f"Version of {version.revision.date_created:%d %B %Y, %H:%M}",
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
