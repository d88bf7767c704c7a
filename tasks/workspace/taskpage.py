"""Everything the task page shows, gathered in a fixed number of queries whatever the length of
the task's history."""

from django.utils import timezone

from plans import permissions
from plans.audit import display
from tasks import access
from tasks.workspace import lights, progress


def context(user, task, today=None):
    """The task page's context for ``user`` (who may see ``task``)."""
    today = today or timezone.localdate()
    responsibilities = list(
        task.responsibilities.select_related("unit", "leader").order_by("order", "pk")
    )
    acknowledgements = {a.unit_id: a for a in task.acknowledgements.select_related("user")}
    reports = progress.history(task)
    completions = list(
        task.completion_requests.select_related("unit", "requested_by", "reviewed_by")
    )
    extensions = list(task.extension_requests.select_related("unit", "requested_by", "reviewed_by"))
    pending_completion = next((c for c in completions if c.is_pending), None)
    pending_extension = next((e for e in extensions if e.is_pending), None)
    can = access.for_task(
        user, task, responsibilities, set(acknowledgements), pending_extension is not None
    )
    targets = progress.target_rows(task)
    reported_percent = progress.latest_lead_percent(reports)
    units = [
        {"responsibility": r, "acknowledgement": acknowledgements.get(r.unit_id)}
        for r in responsibilities
        if r.role in access.UNIT_ROLES
    ]
    days_left = task.days_left(today)
    return {
        "task": task,
        "plan": task.plan,
        "today": today,
        "responsibilities": responsibilities,
        "units": units,
        "unacknowledged": [row for row in units if row["acknowledgement"] is None],
        "can": can,
        "my_acknowledgement": acknowledgements.get(user.unit_id) if can.role else None,
        "light": lights.light(task, today=today, reported_percent=reported_percent),
        "reported_percent": reported_percent,
        "days_left": days_left,
        "days_overdue": -days_left if days_left is not None else None,
        "target_rows": targets,
        "reports": reports,
        "completions": completions,
        "extensions": extensions,
        "pending_completion": pending_completion,
        "pending_extension": pending_extension,
        "audit_rows": display.rows(
            permissions.filter_audit_entries(
                task.audit_entries.select_related("user", "user__unit"), user
            )
        ),
    }
