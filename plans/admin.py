"""The administration: units, users, leaders and plans, and the audit log to read."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from plans.models import AuditEntry, Leader, Plan, Responsibility, Section, Target, Task, Unit, User
from unionplans.lib.admin import ModelAdmin, SafeAdminMixin, TabularInline

admin.site.site_header = _("UnionPlans administration")
admin.site.site_title = _("UnionPlans")
admin.site.index_title = _("Administration")

admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SafeAdminMixin, BaseGroupAdmin):
    """Django's, registered again on the safe base (unionplans.lib.admin)."""


@admin.register(Unit)
class UnitAdmin(ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "federation"]
    list_filter = ["kind", "federation"]
    search_fields = ["name", "short_name"]
    list_select_related = ["parent", "federation"]
    autocomplete_fields = ["parent"]


@admin.register(User)
class UserAdmin(SafeAdminMixin, BaseUserAdmin):
    list_display = ["username", "first_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active", "unit__federation"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Role in UnionPlans"), {"fields": ["role", "unit", "phone"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Role in UnionPlans"), {"fields": ["role", "unit"]}),
    ]


@admin.register(Leader)
class LeaderAdmin(ModelAdmin):
    list_display = ["name", "title", "federation", "user"]
    list_filter = ["federation"]
    search_fields = ["name"]
    autocomplete_fields = ["user"]


@admin.register(Plan)
class PlanAdmin(ModelAdmin):
    list_display = ["title", "year", "owner", "status", "updated_at"]
    list_filter = ["status", "year", "owner__federation"]
    search_fields = ["title"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]


class ResponsibilityInline(TabularInline):
    model = Responsibility
    fields = ["role", "unit", "leader", "order"]
    autocomplete_fields = ["unit", "leader"]
    extra = 0


class TargetInline(TabularInline):
    model = Target
    fields = ["text", "value", "measure", "order"]
    extra = 0


@admin.register(Section)
class SectionAdmin(ModelAdmin):
    list_display = ["__str__", "plan", "parent", "order"]
    list_filter = ["plan__year"]
    search_fields = ["title"]
    list_select_related = ["plan", "parent"]
    raw_id_fields = ["plan", "parent"]


@admin.register(Task)
class TaskAdmin(ModelAdmin):
    list_display = ["__str__", "plan", "deadline_text", "deadline"]
    list_filter = ["plan__year", "plan__status"]
    search_fields = ["title", "body"]
    list_select_related = ["plan"]
    raw_id_fields = ["section"]
    exclude = ["plan"]
    inlines = [ResponsibilityInline, TargetInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(ModelAdmin):
    list_display = ["at", "user", "actor", "action", "summary", "plan", "task", "federation"]
    list_filter = ["action"]
    list_select_related = ["user", "plan", "task", "federation"]
    raw_id_fields = ["plan", "task", "user", "federation", "unit", "person"]
    readonly_fields = [
        "at",
        "user",
        "actor",
        "action",
        "summary",
        "before",
        "after",
        "plan",
        "task",
        "federation",
        "unit",
        "person",
    ]

    def has_add_permission(self, request):
        # Entries are written by the services as changes happen; an empty one added by hand
        # would name neither a plan nor a federation (and the database refuses it).
        return False
