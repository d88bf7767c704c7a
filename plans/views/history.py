"""Plan pages: the list, the plan, the editor (htmx fragments), publishing, the change log and
the exports. Views fetch through ``plans.permissions`` (404 for what the user cannot see), check
``can_edit_plan`` for changes (403), call a service and render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from plans import permissions
from plans.audit import display
from unionplans.lib.paging import paginate

# --- The change log ---------------------------------------------------------------------------


@login_required
def plan_history(request, pk):
    """Every recorded change of the plan, newest first: who, when, what, before and after.
    A unit sees the changes of its own tasks."""
    plan = permissions.get_plan(request.user, pk)
    entries = permissions.filter_audit_entries(
        plan.audit_entries.select_related("user", "task"), request.user
    )
    page, _query = paginate(request, entries, 50)
    context = {
        "plan": plan,
        "page": page,
        "rows": display.rows(page),
        "can_edit": permissions.can_edit_plan(request.user, plan),
    }
    return render(request, "plans/plan_history.html", context)
