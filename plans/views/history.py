"""Plan pages: the list, the plan, the editor (htmx fragments), publishing, the change log and
the exports. Views fetch through ``plans.permissions`` (404 for what the user cannot see), check
``can_edit_plan`` for changes (403), call a service and render."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from plans import permissions
from plans.drafting import editing
from plans.models import Task
from unionplans.lib import params

# --- The change log ---------------------------------------------------------------------------


@login_required
def plan_history(request, pk):
    """Every recorded change of the plan, newest first: who, when, what, before and after.
    A unit sees the changes of its own tasks."""
    plan = permissions.get_plan(request.user, pk)
    entries = plan.audit_entries.select_related("user", "task")
    if request.user.is_reporter:
        entries = entries.filter(task__in=Task.objects.visible_to(request.user))
    page = Paginator(entries, 50).get_page(params.page_param(request))
    labels = {**editing.PLAN_FIELDS, **editing.SECTION_FIELDS, **editing.TASK_FIELDS}
    for entry in page:
        entry.rows = _entry_rows(entry, labels)
    context = {
        "plan": plan,
        "page": page,
        "can_edit": permissions.can_edit_plan(request.user, plan),
    }
    return render(request, "plans/plan_history.html", context)


def _entry_rows(entry, labels):
    before, after = entry.before or {}, entry.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    keys = list(dict.fromkeys([*before, *after]))
    return [
        {
            "label": labels.get(key, key),
            "before": editing.display_value(before.get(key)),
            "after": editing.display_value(after.get(key)),
        }
        for key in keys
    ]
