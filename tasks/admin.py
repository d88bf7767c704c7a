from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from tasks.models import (
    Acknowledgement,
    Attachment,
    CompletionRequest,
    Delivery,
    DeliveryAttempt,
    ExtensionRequest,
    Notification,
    ProgressReport,
    Reminder,
    ReminderPolicy,
    ReportLink,
    TargetFigure,
    UnitChannel,
)
from tasks.reminders.workdays import calendar_warning
from unionplans.lib.admin import ModelAdmin, TabularInline


@admin.register(Notification)
class NotificationAdmin(ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "plan", "task"]


class ReadOnlyAdmin(ModelAdmin):
    """The record of what units reported and planners decided is kept as written: it is read
    here and changed only through the workspace (tasks.workflow). Only a superuser may delete
    it, so that deleting a plan or task in the administration still works."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class ReadOnlyInline(TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FigureInline(ReadOnlyInline):
    model = TargetFigure
    fields = ["target", "unit", "value"]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["original_name", "kind", "size"]


class LinkInline(ReadOnlyInline):
    model = ReportLink
    fields = ["url", "title"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["task", "unit", "role", "percent", "author", "created_at"]
    list_filter = ["role"]
    list_select_related = ["task", "unit", "author"]
    search_fields = ["text", "task__title", "unit__name"]
    inlines = [FigureInline, AttachmentInline, LinkInline]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdmin):
    list_display = ["task", "unit", "user", "at"]
    list_select_related = ["task", "unit", "user"]


@admin.register(CompletionRequest)
class CompletionRequestAdmin(ReadOnlyAdmin):
    list_display = ["task", "unit", "requested_at", "status", "reviewed_by", "reviewed_at"]
    list_filter = ["status"]
    list_select_related = ["task", "unit", "reviewed_by"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "task",
        "unit",
        "old_deadline",
        "proposed_deadline",
        "new_deadline",
        "status",
        "reviewed_at",
    ]
    list_filter = ["status"]
    list_select_related = ["task", "unit"]


# --- Reminders -------------------------------------------------------------------------------


class CalendarWarningMixin:
    """Warn on the changelist when the holiday calendar does not cover this year: reminders
    then assume Monday to Friday (tasks.workdays)."""

    def changelist_view(self, request, extra_context=None):
        warning = calendar_warning()
        if warning:
            messages.warning(request, warning)
        return super().changelist_view(request, extra_context)


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(CalendarWarningMixin, ModelAdmin):
    list_display = ["plan", *ReminderPolicy.SETTINGS, "updated_at"]
    list_filter = ["enabled"]
    list_select_related = ["plan"]
    raw_id_fields = ["plan", "updated_by"]


@admin.register(UnitChannel)
class UnitChannelAdmin(CalendarWarningMixin, ModelAdmin):
    """The robots, without their secrets: the webhook is shown masked and the settings are not
    edited here (the unit's page checks a new address against the outbound rules)."""

    list_display = ["unit", "kind", "name", "is_active", "broken_at", "last_tested_at"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["unit"]
    search_fields = ["unit__name", "name"]
    raw_id_fields = ["unit"]
    exclude = ["config"]
    readonly_fields = ["webhook", "signing_secret", "last_tested_at", "last_test_error"]

    @admin.display(description=_("webhook address"))
    def webhook(self, robot):
        return robot.webhook_display or "—"

    @admin.display(description=_("signing secret"))
    def signing_secret(self, robot):
        return _("set (not shown)") if robot.has_secret else "—"


class AttemptInline(ReadOnlyInline):
    model = DeliveryAttempt
    fields = ["number", "started_at", "finished_at", "outcome", "code", "error", "worker"]


@admin.register(Delivery)
class DeliveryAdmin(CalendarWarningMixin, ReadOnlyAdmin):
    list_display = ["reminder", "channel", "status", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "channel"]
    list_select_related = ["reminder__unit", "reminder__leader"]
    inlines = [AttemptInline]


@admin.register(Reminder)
class ReminderAdmin(CalendarWarningMixin, ReadOnlyAdmin):
    list_display = ["kind", "unit", "leader", "task", "due_date", "sweep_date"]
    list_filter = ["kind", "sweep_date"]
    list_select_related = ["unit", "leader", "task"]
    search_fields = ["unit__name", "leader__name", "task__title"]
