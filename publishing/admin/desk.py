"""The moderators' desk in the article admin: the queue's filters, deciding several
articles at once (asking first when another moderator holds some of them) and the report
of rejection reasons per writer."""

from datetime import datetime, time, timedelta

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.models import Article
from articles.permissions import can_see_rejection_report
from newsroom.timezones import zone_name
from publishing import workflow
from publishing.forms import BulkRejectForm, RejectionReportForm
from publishing.models import Claim, RejectionReason, TransitionLog

Status = Article.Status


class ClaimFilter(admin.SimpleListFilter):
    """The review queue by claim: mine, nobody's (a lapsed claim counts as nobody's)."""

    title = gettext_lazy("review claim")
    parameter_name = "claim"

    def lookups(self, request, model_admin):
        return [("mine", _("Claimed by me")), ("unclaimed", _("Unclaimed"))]

    def queryset(self, request, queryset):
        active = Claim.objects.active()
        if self.value() == "mine":
            return queryset.filter(pk__in=active.filter(moderator=request.user).values("article"))
        if self.value() == "unclaimed":
            return queryset.exclude(pk__in=active.values("article"))
        return queryset


class WaitingFilter(admin.SimpleListFilter):
    """The review queue, the articles waiting longest first (``ArticleAdmin.get_ordering``
    reads the same parameter)."""

    title = gettext_lazy("waiting for review")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("longest", _("Waiting longest first"))]

    def queryset(self, request, queryset):
        if self.value() == "longest":
            return queryset.filter(status=Status.SUBMITTED)
        return queryset


def is_waiting_longest_first(request):
    return request.GET.get(WaitingFilter.parameter_name) == "longest"


class DeskMixin:
    """Bulk decisions and the rejection report of the article admin."""

    def get_urls(self):
        return [
            path(
                "rejection-report/",
                self.admin_site.admin_view(self.rejection_report_view),
                name="articles_article_rejection_report",
            ),
            *super().get_urls(),
        ]

    # Several articles at once.

    def _claimed_by_others(self, request, queryset):
        """The live claims other moderators hold on the chosen articles."""
        return list(
            Claim.objects.active()
            .filter(article__in=queryset.values("pk"))
            .exclude(moderator=request.user)
            .select_related("article", "moderator__profile")
            .order_by("claimed_at")
        )

    def _decision_page(self, request, queryset, action, *, claimed, form=None):
        """The page between choosing articles and deciding them, as Django's delete
        confirmation: it lists them, names who holds which, and asks again."""
        articles = list(queryset.select_related("author__profile", "section"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Send back the selected articles")
            if action == "reject_selected"
            else _("Approve articles another moderator is reviewing?"),
            "articles": articles,
            "claimed": claimed,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/article/decide_selected.html", context)

    def _run_in_bulk(self, request, queryset, action, **options):
        function = getattr(workflow, action)
        done, refused = 0, []
        for article in queryset.select_related("author__profile", "section"):
            try:
                function(article, request.user, **options)
            except workflow.TransitionError as error:
                refused.append(str(error))
            else:
                done += 1
        if done:
            verb = workflow.TRANSITIONS[action].done
            message = ngettext(
                "%(count)d article was %(done)s.", "%(count)d articles were %(done)s.", done
            )
            messages.success(request, message % {"count": done, "done": verb})
        for message in refused:
            messages.warning(request, message)

    @admin.action(description=gettext_lazy("Submit selected articles for review"))
    def submit_selected(self, request, queryset):
        self._run_in_bulk(request, queryset, "submit")

    @admin.action(description=gettext_lazy("Approve and publish selected articles now"))
    def approve_selected(self, request, queryset):
        """Approve now; articles another moderator is reviewing are listed first and need a
        second click, as a single approval needs a tick."""
        claimed = self._claimed_by_others(request, queryset)
        if claimed and request.POST.get("decide_anyway") != "yes":
            return self._decision_page(request, queryset, "approve_selected", claimed=claimed)
        self._run_in_bulk(request, queryset, "approve")
        return None

    @admin.action(description=gettext_lazy("Send selected articles back to their writers"))
    def reject_selected(self, request, queryset):
        """Send back with one reason and one note (both required, asked on a page between),
        and a tick for articles another moderator is reviewing."""
        claimed = self._claimed_by_others(request, queryset)
        if request.POST.get("post") != "yes":
            form = BulkRejectForm(claimed=claimed)
            return self._decision_page(
                request, queryset, "reject_selected", claimed=claimed, form=form
            )
        form = BulkRejectForm(request.POST, claimed=claimed)
        if not form.is_valid():
            return self._decision_page(
                request, queryset, "reject_selected", claimed=claimed, form=form
            )
        self._run_in_bulk(
            request,
            queryset,
            "reject",
            note=form.cleaned_data["note"],
            reason=form.cleaned_data["reason"],
        )
        return None

    @admin.action(description=gettext_lazy("Unpublish selected articles"))
    def unpublish_selected(self, request, queryset):
        self._run_in_bulk(request, queryset, "unpublish")

    # The report.

    def rejection_report_view(self, request):
        """How often each writer's articles were sent back, and why, over a period."""
        if not can_see_rejection_report(request.user):
            raise PermissionDenied
        form = RejectionReportForm(request.GET or None)
        since, until = form.period()
        errors = []
        if form.is_bound and not form.is_valid():
            # Say what was wrong and show the default period, in a form a date input can
            # show (it cannot hold what was typed).
            errors = [error for field_errors in form.errors.values() for error in field_errors]
        if errors or not form.is_bound:
            form = RejectionReportForm(initial={"since": since, "until": until})
        zone = timezone.get_current_timezone()
        start = timezone.make_aware(datetime.combine(since, time.min), zone)
        end = timezone.make_aware(datetime.combine(until + timedelta(days=1), time.min), zone)
        counts = (
            TransitionLog.objects.filter(action="reject", created_at__gte=start, created_at__lt=end)
            .values_list("article__author", "reason")
            .annotate(count=Count("pk"))
            .order_by()
        )
        by_writer = {}
        for author_id, reason, count in counts:
            by_writer.setdefault(author_id, {})[reason] = count
        reasons = list(RejectionReason)
        unrecorded = any("" in row for row in by_writer.values())
        writers = get_user_model().objects.filter(pk__in=by_writer).select_related("profile")
        rows = sorted(
            (
                {
                    "writer": writer,
                    "counts": [by_writer[writer.pk].get(reason.value, 0) for reason in reasons]
                    + ([by_writer[writer.pk].get("", 0)] if unrecorded else []),
                    "total": sum(by_writer[writer.pk].values()),
                }
                for writer in writers
            ),
            key=lambda row: (-row["total"], row["writer"].display_name.lower()),
        )
        columns = [reason.label for reason in reasons]
        if unrecorded:
            columns.append(_("No reason recorded"))
        totals = [sum(row["counts"][index] for row in rows) for index in range(len(columns))]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Rejection reasons per writer"),
            "form": form,
            "errors": errors,
            "since": since,
            "until": until,
            "zone": zone_name(),
            "columns": columns,
            "rows": rows,
            "totals": totals,
            "grand_total": sum(row["total"] for row in rows),
        }
        return TemplateResponse(request, "admin/articles/article/rejection_report.html", context)
