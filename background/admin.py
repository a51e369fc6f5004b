"""Staff see the tasks that failed (task, arguments, error, attempts) and retry them."""

import json

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from background.models import FailedTask, SentMail
from background.retry import retry_by_hand


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    list_display = ["task_name", "status", "attempts", "error", "last_failed_at", "next_attempt_at"]
    list_filter = ["status", "task_path"]
    search_fields = ["task_path", "error"]
    date_hierarchy = "last_failed_at"
    actions = ["retry"]
    fields = [
        "task_path",
        "status",
        "attempts",
        "arguments_display",
        "error",
        "traceback_display",
        "first_failed_at",
        "last_failed_at",
        "next_attempt_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Task"), ordering="task_path")
    def task_name(self, record):
        return record.task_path.rsplit(".", 1)[-1].replace("_", " ")

    @admin.display(description=_("Arguments"))
    def arguments_display(self, record):
        return format_html("<pre>{}</pre>", json.dumps(record.arguments, indent=2))

    @admin.display(description=_("Traceback"))
    def traceback_display(self, record):
        return format_html("<pre>{}</pre>", record.traceback)

    @admin.action(description=_("Retry the selected tasks now"), permissions=["retry"])
    def retry(self, request, queryset):
        records = list(queryset.exclude(status=FailedTask.Status.RECOVERED))
        for record in records:
            retry_by_hand(record)
        self.message_user(
            request,
            ngettext(
                "%(count)d task was queued again.",
                "%(count)d tasks were queued again.",
                len(records),
            )
            % {"count": len(records)},
            messages.SUCCESS,
        )

    def has_retry_permission(self, request):
        return request.user.has_perm("background.change_failedtask")


@admin.register(SentMail)
class SentMailAdmin(admin.ModelAdmin):
    list_display = ["subject", "key", "sent_at"]
    search_fields = ["subject", "key"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
