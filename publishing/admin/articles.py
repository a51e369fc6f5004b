from csp.constants import NONCE
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from js_asset import Media
from reversion.admin import VersionAdmin

from articles.models import Article
from articles.permissions import (
    can_add_correction,
    can_change_article,
    can_change_author,
    can_delete_article,
    can_moderate,
    can_pick_top_news,
    can_see_rejection_report,
    can_share_preview,
    can_view_article,
    can_write_articles,
    image_scope,
)
from articles.querysets import tags_used_by
from articles.views.article import render_article
from articles.views.sidebars import SIDEBAR_LENGTH
from masthead.models import SiteSettings
from media.forms import ImageAdminForm
from newsroom.timezones import local_time, zone_name
from publishing import autosave, previews, services, share_links, workflow
from publishing.admin.desk import ClaimFilter, DeskMixin, WaitingFilter, is_waiting_longest_first
from publishing.admin.revisions import RevisionsMixin
from publishing.forms import (
    ArticleAdminForm,
    CorrectionForm,
    ShareLinkForm,
    TopNewsForm,
    TransitionForm,
)
from publishing.models import Claim, RejectionReason, ShareLink, TransitionLog
from publishing.revisions import last_rejection
from publishing.style_hints import style_hints

Status = Article.Status

# The article form is the one page that loosens the site's CSP, and only by exact values:
# - script-src gets this response's nonce, for the editor's <script type="importmap">
#   (an import map cannot be an external file);
# - style-src gets the hash of the one <style> element the editor (tiptap) injects with
#   its base CSS. After upgrading django-prose-editor, the browser console names the new
#   hash if the stylesheet changed.
EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
EDITOR_CSP_UPDATE = {"script-src": [NONCE], "style-src": [EDITOR_STYLE_HASH]}
# A frame of the side-by-side preview may be shown by our own pages (every other page: none).
PREVIEW_FRAME_CSP = {"frame-ancestors": ["'self'"]}
# The side-by-side preview's frames: (name, label, width in CSS pixels, how it is drawn).
PREVIEW_FRAMES = [
    ("phone", gettext_lazy("Phone"), 390, gettext_lazy("shown at full size")),
    ("desktop", gettext_lazy("Desktop"), 1280, gettext_lazy("shown at half size")),
]


class TransitionLogInline(admin.TabularInline):
    """The workflow trail under the form: who submitted, approved or rejected, and the note."""

    model = TransitionLog
    verbose_name = gettext_lazy("workflow step")
    verbose_name_plural = gettext_lazy("Workflow history")
    fields = ["created_at", "action", "actor_name", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor__profile")

    @admin.display(description=gettext_lazy("By"))
    def actor_name(self, log):
        return log.actor.display_name if log.actor else "—"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # The article admin decides who sees the article; its trail comes with it.
        if obj is None:
            return can_write_articles(request.user)
        return can_view_article(request.user, obj)


def _title(article):
    return {"title": article.title}


@admin.register(Article)
class ArticleAdmin(DeskMixin, RevisionsMixin, VersionAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    inlines = [TransitionLogInline]
    list_select_related = ["section", "author__profile", "lead_image"]
    list_per_page = 50
    search_fields = ["title", "dek", "tag_names", "author__profile__display_name"]
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["lead_image"]
    save_on_top = True
    actions = ["submit_selected", "approve_selected", "reject_selected", "unpublish_selected"]

    def view_on_site(self, article):
        """ "View on site" only for what readers can see; drafts have the Preview link."""
        return article.get_absolute_url() if article.is_public else None

    # Who sees and changes what: every rule is asked of articles.permissions.

    def get_queryset(self, request):
        rejections = TransitionLog.objects.filter(article=OuterRef("pk"), action="reject")
        articles = (
            super()
            .get_queryset(request)
            .admin_list_for(request.user)
            # Why it was last sent back, for the list's "Sent back" column (same query).
            .annotate(
                last_rejection_reason=Subquery(
                    rejections.order_by("-created_at").values("reason")[:1]
                )
            )
        )
        if can_moderate(request.user):
            # The changelist skips list_select_related once a queryset selects anything.
            articles = articles.select_related(
                *self.list_select_related, "claim__moderator__profile"
            )
        return articles

    def has_module_permission(self, request):
        return can_write_articles(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return can_write_articles(request.user)
        return can_view_article(request.user, obj)

    def has_add_permission(self, request):
        return can_write_articles(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return can_write_articles(request.user)
        return can_change_article(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return can_delete_article(request.user, obj)

    # The list.

    def get_list_display(self, request):
        columns = ["thumbnail", "title", "kind", "section", "byline", "status_label"]
        if can_moderate(request.user):
            columns += ["waiting_since", "reviewing"]
        columns += ["sent_back", "published_at"]
        if can_pick_top_news(request.user):
            columns.append("top_rank")
        return [*columns, "preview_link"]

    def get_list_display_links(self, request, list_display):
        return ["title"]

    def get_list_filter(self, request):
        filters = ["status", "kind", "section"]
        if can_moderate(request.user):
            filters.append(("author", admin.RelatedOnlyFieldListFilter))
            filters.append(ClaimFilter)
            filters.append(WaitingFilter)
        return filters

    def get_ordering(self, request):
        # The review queue (status "submitted") is read oldest first.
        waiting = request.GET.get("status__exact") == Status.SUBMITTED
        if waiting or is_waiting_longest_first(request):
            return ["submitted_at", "id"]
        return ["-created_at", "-id"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if can_moderate(request.user):
            actions.pop("submit_selected", None)
        else:
            actions.pop("approve_selected", None)
            actions.pop("reject_selected", None)
            actions.pop("unpublish_selected", None)
            # A writer deletes a draft from its own page, after its confirmation.
            actions.pop("delete_selected", None)
        return actions

    @admin.display(description=gettext_lazy("Waiting"), ordering="submitted_at")
    def waiting_since(self, article):
        """How long a submitted article has waited for review ("3 hours"), its time in
        the title."""
        if article.status != Status.SUBMITTED or article.submitted_at is None:
            return ""
        return format_html(
            '<span title="{}">{}</span>',
            _("Submitted %(when)s") % {"when": local_time(article.submitted_at)},
            timesince(article.submitted_at, depth=1),
        )

    @admin.display(description=gettext_lazy("Sent back"))
    def sent_back(self, article):
        """Why the article was last sent back; on a resubmitted one, the link to what the
        writer changed since."""
        reason = getattr(article, "last_rejection_reason", None)
        if reason is None:
            return ""
        label = RejectionReason(reason).label if reason else _("reason not recorded")
        if article.status != Status.SUBMITTED:
            return label
        return format_html(
            '{} · <a href="{}" class="article-changes-since">{}</a>',
            label,
            reverse("admin:articles_article_changes_since_sent_back", args=[article.pk]),
            _("Changes since"),
        )

    @admin.display(description=gettext_lazy("Reviewing"))
    def reviewing(self, article):
        """Who holds a submitted article, and since when (an active claim only)."""
        claim = getattr(article, "claim", None)
        if claim is None or not claim.is_active or article.status != Status.SUBMITTED:
            return ""
        return _("%(who)s since %(when)s") % {
            "who": claim.moderator.display_name,
            "when": local_time(claim.claimed_at),
        }

    @admin.display(description=gettext_lazy("Picture"))
    def thumbnail(self, article):
        if not article.lead_image:
            return ""
        return format_html(
            '<img src="{}" alt="" class="article-admin-thumbnail" width="80">',
            article.lead_image.thumbnail_src,
        )

    @admin.display(description=gettext_lazy("Author"), ordering="author__profile__display_name")
    def byline(self, article):
        return article.author.display_name

    @admin.display(description=gettext_lazy("Reviewer"))
    def reviewer_name(self, article):
        return article.reviewer.display_name if article.reviewer else "—"

    @admin.display(description=gettext_lazy("Status"), ordering="status")
    def status_label(self, article):
        label = _("Scheduled") if article.is_scheduled else article.get_status_display()
        return format_html(
            '<span class="article-status article-status-{}">{}</span>', article.status, label
        )

    @admin.display(description=gettext_lazy("Preview"))
    def preview_link(self, article):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("publishing:preview", args=[article.pk]),
            _("Preview"),
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if can_moderate(request.user):
            extra_context["review_queue_count"] = Article.objects.review_queue().count()
            extra_context["can_see_rejection_report"] = can_see_rejection_report(request.user)
        extra_context["is_moderator"] = can_moderate(request.user)
        extra_context["can_pick_top_news"] = can_pick_top_news(request.user)
        return super().changelist_view(request, extra_context)

    # The form.

    def get_fieldsets(self, request, obj=None):
        # Top News positions are set on the Top News page, as one list (top_news_view).
        publication = ["author" if can_change_author(request.user) else "byline"]
        if obj is None or not workflow.may(request.user, obj, "approve"):
            # Where the workflow box offers approval, its "Publish at" is the one place to
            # choose the time; a published article's time is corrected here (a live
            # article's change is logged as a public correction).
            publication.append("published_at")
        # The moderator's note is written in the workflow box and shown there.
        return [
            (
                None,
                {"fields": ["kind", "title", "slug", "dek", "body", "known_version", "draft_key"]},
            ),
            (_("Picture, section and topics"), {"fields": ["lead_image", "section", "tags"]}),
            (_("Publication"), {"fields": publication}),
            (_("Review"), {"fields": ["status_label", "reviewer_name", "submitted_at"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status_label", "byline", "reviewer_name", "submitted_at"]
        if not can_moderate(request.user):
            # Writers cannot publish, schedule, pick Top News or change the author.
            readonly += ["published_at", "top_rank", "review_note"]
        if obj is not None and obj.status == Status.PUBLISHED and not can_moderate(request.user):
            readonly.append("slug")
        return readonly

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("author", request.user.pk)
        # "Restore" on a new article's form: the autosaved text of a form never saved.
        draft = self._requested_draft(request)
        if draft is not None:
            initial.update(draft.fields)
            initial["draft_key"] = draft.draft_key
        return initial

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None and request.method == "GET" and "restore-autosave" in request.GET:
            restored = autosave.pending(request.user, article)
            if restored is not None:
                autosave.apply(restored, article)
        return article

    def _requested_draft(self, request):
        key = request.GET.get("restore-autosave")
        if request.method != "GET" or not key:
            return None
        try:
            return autosave.pending_draft(request.user, autosave.parse_draft_key(key))
        except autosave.AutosaveRefused:
            return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author":
            kwargs["queryset"] = (
                db_field.related_model.objects.authors()
                .select_related("profile")
                .order_by("username")
            )
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = lambda user: f"{user.display_name} ({user.username})"
            return field
        if db_field.name == "lead_image":
            kwargs["queryset"] = db_field.related_model.objects.filter(image_scope(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # The body may show the pictures this user may pick (ArticleAdminForm.clean_body).
        form = type(form.__name__, (form,), {"editing_user": request.user})
        if "tags" in form.base_fields:
            form.base_fields["tags"].widget.suggestions_url = reverse(
                "admin:articles_article_tag_suggestions"
            )
        return form

    # Saving: the admin collects the form, the write service does the rest.

    def save_model(self, request, obj, form, change):
        tags = list(form.cleaned_data.get("tags", []))
        if change:
            services.edit_article(
                obj, request.user, tags=tags, known_version=form.cleaned_data.get("known_version")
            )
            autosave.discard(request.user, article=obj)
        else:
            services.create_article(obj, request.user, tags=tags)
            autosave.discard(request.user, draft_key=form.cleaned_data.get("draft_key"))

    def save_related(self, request, form, formsets, change):
        # The tags were saved with the article (the service); only inline formsets remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        services.delete_article(obj, request.user)

    def delete_queryset(self, request, queryset):
        # Only what the user may delete (deletable_scope); the service checks each again.
        for article in queryset.deletable_by(request.user):
            services.delete_article(article, request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The editor's import map is an inline <script>: it gets this response's CSP nonce
        # (the policy of the rest of the site stays script-src 'self').
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None:
            context["media"] = Media.from_media(context["media"], nonce=str(nonce))
        if obj is not None:
            transitions = workflow.available_transitions(request.user, obj)
            names = {transition.name for transition in transitions}
            context["transitions"] = transitions
            context["workflow_can_schedule"] = "approve" in names
            context["workflow_takes_note"] = bool(names & {"approve", "reject", "unpublish"})
            context["transition_form"] = TransitionForm()
            context["workflow_takes_reason"] = "reject" in names
            rejection = last_rejection(obj)
            context["last_rejection"] = rejection
            if rejection is not None and obj.status == Status.SUBMITTED:
                # Resubmitted: one click to what the writer changed since.
                context["changes_since_sent_back_url"] = reverse(
                    "admin:articles_article_changes_since_sent_back", args=[obj.pk]
                )
            context["corrections"] = list(obj.corrections.select_related("created_by__profile"))
            if can_moderate(request.user):
                services.note_claim_activity(obj, request.user)
                context["claim"] = (
                    Claim.objects.active().select_related("moderator__profile").filter(article=obj)
                ).first()
                context["can_claim"] = obj.status == Status.SUBMITTED
            if can_add_correction(request.user, obj):
                context["correction_form"] = CorrectionForm()
            if names & {"submit", "approve"}:
                # The same advice for the writer submitting and the moderator reviewing.
                context["style_hints"] = style_hints(obj)
        context["preview_url"] = reverse("publishing:preview", args=[obj.pk]) if obj else ""
        context.update(self._autosave_context(request, obj))
        context["headline_max_characters"] = SiteSettings.load().headline_max_characters
        if add or (obj is not None and can_change_article(request.user, obj)):
            # The body editor's picture picker (its dialog is in the page, outside the form).
            context["image_picker_url"] = reverse("admin:media_image_picker")
            context["image_picker_upload_url"] = reverse("admin:media_image_picker_upload")
            # The focal point is set on the picture's own form, once it can be seen.
            upload_form = ImageAdminForm(auto_id="inline-image-picker-%s")
            context["image_picker_upload_fields"] = [
                upload_form[name] for name in ("file", "alt_text", "caption", "credit")
            ]
        if obj is not None and not obj.is_public and can_share_preview(request.user, obj):
            context["share_link_form"] = ShareLinkForm()
            context["share_links"] = [
                (link, request.build_absolute_uri(link.get_absolute_url()))
                for link in obj.share_links.active().select_related("created_by__profile")
            ]
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if nonce is not None:
            response._csp_update = EDITOR_CSP_UPDATE
        return response

    def _autosave_context(self, request, article):
        """The autosave address, the last save for "Saved … ago", and the offer to restore
        an autosave holding text the form does not show."""
        restoring = "restore-autosave" in request.GET
        if article is None:
            context = {
                "autosave_url": reverse("admin:articles_article_autosave"),
                "unsaved_preview_url": reverse("admin:articles_article_unsaved_preview"),
                "side_by_side_preview_url": reverse("admin:articles_article_side_by_side_preview"),
            }
            offer = None if restoring else autosave.pending_draft(request.user)
            if offer is not None:
                context["autosave_restore_url"] = f"?restore-autosave={offer.draft_key}"
        else:
            context = {
                "autosave_url": reverse("admin:articles_article_autosave", args=[article.pk]),
                "unsaved_preview_url": reverse(
                    "admin:articles_article_unsaved_preview", args=[article.pk]
                ),
                "side_by_side_preview_url": reverse(
                    "admin:articles_article_side_by_side_preview", args=[article.pk]
                ),
                "autosave_last_saved": article.updated_at,
            }
            offer = None
            if not restoring and request.method == "GET":
                offer = autosave.pending(request.user, article)
            if offer is not None:
                context["autosave_restore_url"] = "?restore-autosave"
                context["autosave_warning"] = autosave.stale_warning(offer, article)
        if offer is not None:
            context["autosave_offer"] = offer
            context["autosave_differences"] = autosave.differences(offer, article)
        elif restoring:
            context["autosave_restored"] = True
        return context

    def autosave_view(self, request, object_id=None):
        """Keep the posted form as the user's autosave (JSON answer; nothing else changes)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = None
        if object_id is not None:
            article = self.get_object(request, unquote(object_id))
            if article is None:
                return JsonResponse(
                    {
                        "error": _(
                            "This article no longer exists or you can no longer open it. "
                            "Copy your text before leaving the page."
                        )
                    },
                    status=404,
                )
        try:
            kept, warning = autosave.store(request.user, request.POST, article=article)
        except autosave.AutosaveRefused as refusal:
            return JsonResponse({"error": str(refusal)}, status=refusal.status)
        return JsonResponse({"saved_at": kept.saved_at.isoformat(), "warning": warning})

    def discard_autosave_view(self, request, object_id=None):
        """Forget the user's autosave ("Discard" in the restore offer), back to the form."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if object_id is None:
            try:
                draft_key = autosave.parse_draft_key(request.POST.get("draft_key", ""))
            except autosave.AutosaveRefused as refusal:
                messages.error(request, str(refusal))
            else:
                autosave.discard(request.user, draft_key=draft_key)
            return redirect(reverse("admin:articles_article_add"))
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("No such article."))
        autosave.discard(request.user, article=article)
        messages.info(request, _("The autosaved text was discarded."))
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

    def share_link_view(self, request, object_id):
        """Make a share link of the article's preview; its address is shown in a message."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, object_id)
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        form = ShareLinkForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("hours", []):
                messages.error(request, error)
            return redirect(change_url)
        try:
            link = share_links.create(article, request.user, hours=form.cleaned_data["hours"])
        except share_links.ShareRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(change_url)
        messages.success(
            request,
            _("Share link made: %(url)s. It works until %(when)s.")
            % {
                "url": request.build_absolute_uri(link.get_absolute_url()),
                "when": local_time(link.expires_at),
            },
        )
        return redirect(change_url)

    def revoke_share_link_view(self, request, object_id, link_id):
        """Stop one share link of the article working."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, object_id)
        link = ShareLink.objects.filter(article=article, pk=link_id).first()
        if link is None:
            raise Http404(_("No such share link."))
        try:
            share_links.revoke(link, request.user)
        except share_links.ShareRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The share link was revoked; it no longer opens."))
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

    def unsaved_preview_view(self, request, object_id=None):
        """The article page as it would look with what is typed in the form, unsaved.

        With ``?framed=1`` it is one frame of the side-by-side preview: then, and only then,
        a page of this site may show it in a frame (X-Frame-Options SAMEORIGIN and CSP
        ``frame-ancestors 'self'`` instead of DENY and ``'none'``)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_to_preview(request, object_id)
        form_class = self.get_form(request, article if article.pk else None)
        preview = previews.article_from_form(form_class, request.POST, article)
        if preview.section_id is None:
            response = TemplateResponse(
                request,
                "publishing/share_link_closed.html",
                {"reason": _("Choose the article's section first: the preview shows it there.")},
                status=400,
            )
        else:
            response = render_article(request, preview, preview=True)
        if request.GET.get("framed") == "1":
            response["X-Frame-Options"] = "SAMEORIGIN"
            response._csp_replace = PREVIEW_FRAME_CSP
        return response

    def side_by_side_preview_view(self, request, object_id=None):
        """What is typed in the form, unsaved, at a phone's and a desktop's width side by
        side: two frames, each posting the same form content to the unsaved preview
        (static/js/preview-side-by-side.js sends them; without script, a button does)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_to_preview(request, object_id)
        args = [article.pk] if article.pk else []
        fields = [
            (name, value)
            for name, values in request.POST.lists()
            if name != "csrfmiddlewaretoken"
            for value in values
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article if article.pk else None,
            "title": _("Preview at phone and desktop widths"),
            "headline": request.POST.get("title", "").strip() or article.title,
            "fields": fields,
            "frame_url": reverse("admin:articles_article_unsaved_preview", args=args) + "?framed=1",
            "frames": PREVIEW_FRAMES,
        }
        return TemplateResponse(
            request, "admin/articles/article/preview_side_by_side.html", context
        )

    def _article_to_preview(self, request, object_id):
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return Article(author=request.user)
        return self._article_or_404(request, object_id)

    def _article_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("No such article."))
        return article

    # Workflow: buttons on the form and actions on the list, all through publishing.workflow.

    def get_urls(self):
        return [
            path(
                "<path:object_id>/workflow/<str:action>/",
                self.admin_site.admin_view(self.transition_view),
                name="articles_article_transition",
            ),
            path(
                "<path:object_id>/correction/",
                self.admin_site.admin_view(self.correction_view),
                name="articles_article_correction",
            ),
            path(
                "<path:object_id>/claim/<str:action>/",
                self.admin_site.admin_view(self.claim_view),
                name="articles_article_claim",
            ),
            path(
                "top-news/",
                self.admin_site.admin_view(self.top_news_view),
                name="articles_article_top_news",
            ),
            path(
                "autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="articles_article_autosave",
            ),
            path(
                "autosave/discard/",
                self.admin_site.admin_view(self.discard_autosave_view),
                name="articles_article_discard_autosave",
            ),
            path(
                "<path:object_id>/autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="articles_article_autosave",
            ),
            path(
                "<path:object_id>/autosave/discard/",
                self.admin_site.admin_view(self.discard_autosave_view),
                name="articles_article_discard_autosave",
            ),
            path(
                "<path:object_id>/share-links/",
                self.admin_site.admin_view(self.share_link_view),
                name="articles_article_share_link",
            ),
            path(
                "<path:object_id>/share-links/<int:link_id>/revoke/",
                self.admin_site.admin_view(self.revoke_share_link_view),
                name="articles_article_revoke_share_link",
            ),
            path(
                "preview/",
                self.admin_site.admin_view(self.unsaved_preview_view),
                name="articles_article_unsaved_preview",
            ),
            path(
                "preview/side-by-side/",
                self.admin_site.admin_view(self.side_by_side_preview_view),
                name="articles_article_side_by_side_preview",
            ),
            path(
                "<path:object_id>/preview/side-by-side/",
                self.admin_site.admin_view(self.side_by_side_preview_view),
                name="articles_article_side_by_side_preview",
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.unsaved_preview_view),
                name="articles_article_unsaved_preview",
            ),
            path(
                "tag-suggestions/",
                self.admin_site.admin_view(self.tag_suggestions_view),
                name="articles_article_tag_suggestions",
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in workflow.TRANSITIONS:
            raise Http404("No such workflow step.")
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        form = TransitionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(change_url)
        claim = self._claim_of_someone_else(request, article)
        if action in ("approve", "reject") and claim and not request.POST.get("decide_anyway"):
            messages.warning(
                request,
                _(
                    "%(who)s is reviewing “%(title)s” (since %(when)s). To decide anyway, tick "
                    "“Decide although it is claimed” and click again."
                )
                % {
                    "who": claim.moderator.display_name,
                    "when": local_time(claim.claimed_at),
                    **_title(article),
                },
            )
            return redirect(change_url)
        try:
            workflow.perform(
                action,
                article,
                request.user,
                note=form.cleaned_data["note"],
                publish_at=form.cleaned_data["publish_at"],
                reason=form.cleaned_data["reason"],
            )
        except workflow.TransitionError as error:
            messages.error(request, str(error))
            return redirect(change_url)
        messages.success(request, self._done_message(article, action))
        if can_change_article(request.user, article):
            return redirect(change_url)
        return redirect(reverse("admin:articles_article_changelist"))

    def claim_view(self, request, object_id, action):
        """“I'm reviewing this” (``take``) and its release (``release``)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in ("take", "release"):
            raise Http404("No such claim step.")
        if not can_moderate(request.user):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        try:
            if action == "take":
                services.claim_article(article, request.user)
                messages.success(request, _("You are reviewing “%(title)s”.") % _title(article))
            else:
                services.release_claim(article, request.user)
                messages.success(request, _("“%(title)s” is free again.") % _title(article))
        except services.WriteRefused as error:
            messages.error(request, str(error))
        return redirect(change_url)

    def _claim_of_someone_else(self, request, article):
        claim = Claim.objects.active().select_related("moderator__profile")
        claim = claim.filter(article=article).exclude(moderator=request.user).first()
        return claim

    def correction_view(self, request, object_id):
        """Add a correction or clarification to a published article (no review round)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not can_add_correction(request.user):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        form = CorrectionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(change_url)
        try:
            correction = services.add_correction(article, request.user, **form.cleaned_data)
        except services.WriteRefused as error:
            messages.error(request, str(error))
            return redirect(change_url)
        messages.success(
            request,
            _("The %(kind)s was added to “%(title)s” and is shown to readers.")
            % {"kind": correction.get_kind_display().lower(), "title": article.title},
        )
        return redirect(change_url)

    def top_news_view(self, request):
        """The editors' Top News picks as one ordered list (reorder, add, remove, set an
        end), beside Top News as readers will see it."""
        if not can_pick_top_news(request.user):
            raise PermissionDenied
        picks = list(
            Article.objects.filter(top_rank__isnull=False)
            .select_related("section")
            .order_by("top_rank")
        )
        form = TopNewsForm(request.POST or None, picks=picks)
        stale = request.POST.get("known_signature") != services.top_news_signature()
        if request.method == "POST" and stale:
            # The form's rows are no longer the list's rows: say so rather than list errors.
            messages.error(request, services.STALE_TOP_NEWS)
            return redirect(reverse("admin:articles_article_top_news"))
        if request.method == "POST" and form.is_valid():
            try:
                services.set_top_news(
                    request.user,
                    form.ordered_picks(),
                    known_signature=form.cleaned_data["known_signature"],
                )
            except services.WriteRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Top News was saved."))
            return redirect(reverse("admin:articles_article_top_news"))
        if request.method != "POST":
            form.initial["known_signature"] = services.top_news_signature()
        site_settings = SiteSettings.load()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Top News"),
            "form": form,
            "readers_see": list(
                Article.objects.top(window_hours=site_settings.top_news_window_hours).headlines()[
                    :SIDEBAR_LENGTH
                ]
            ),
            "window_hours": site_settings.top_news_window_hours,
            "zone": zone_name(),
        }
        return TemplateResponse(request, "admin/articles/article/top_news.html", context)

    def _done_message(self, article, action):
        if action == "approve" and article.is_scheduled:
            when = local_time(article.published_at)
            return _("“%(title)s” is scheduled for %(when)s.") % {
                "title": article.title,
                "when": when,
            }
        return _("“%(title)s” was %(done)s.") % {
            "title": article.title,
            "done": workflow.TRANSITIONS[action].done,
        }

    def tag_suggestions_view(self, request):
        """Up to 15 tag names starting with what the writer typed (JSON), among the tags of
        the articles this writer may open: another writer's draft tags stay private."""
        if not can_write_articles(request.user):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:50]
        names = []
        if len(query) >= 2:
            names = list(
                tags_used_by(Article.objects.visible_to(request.user))
                .filter(name__istartswith=query)
                .order_by("name")
                .values_list("name", flat=True)[:15]
            )
        return JsonResponse({"tags": names})
