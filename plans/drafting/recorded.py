"""What drafting writes in the audit trail, made readable (``plans.audit.display``): the actions
of the edits (``plan_edits``, ``section_edits``, ``task_edits``), ``copying`` and ``publishing``
and the fields they record. Imported when the app is ready (``PlansConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

from plans.audit import display
from plans.drafting import snapshots
from plans.models import Plan

# Reordering records the names in their order before and after.
_ORDER = {"order": display.Field(_("order"))}

PLAN = {
    **display.fields(snapshots.PLAN_FIELDS),
    "status": display.Field(_("Status"), display.choice(Plan.Status)),
    # A copy's source is named in the summary; its id says nothing to a reader.
    "source": display.HIDDEN,
    "only_open": display.Field(_("Only the tasks not finished")),
    "tasks": display.Field(_("Tasks")),
}
SECTION = {
    **display.fields(snapshots.SECTION_FIELDS),
    **_ORDER,
    # A deleted section lists the tasks deleted with it.
    "tasks": display.Field(_("tasks")),
}
TASK = {**display.fields(snapshots.TASK_FIELDS, deadline=display.date), **_ORDER}

ACTIONS = {
    "plan.create": (_("Created the plan"), PLAN),
    "plan.update": (_("Plan changed"), PLAN),
    "plan.copy": (_("Plan copied"), PLAN),
    "plan.publish": (_("Plan published"), PLAN),
    "plan.archive": (_("Archived the plan"), PLAN),
    "section.create": (_("Section added"), SECTION),
    "section.update": (_("Section changed"), SECTION),
    "section.move": (_("Section moved"), SECTION),
    "section.delete": (_("Section deleted"), SECTION),
    "task.create": (_("Task added"), TASK),
    "task.update": (_("Task changed"), TASK),
    "task.move": (_("Task moved"), TASK),
    "task.delete": (_("Task deleted"), TASK),
}

for code, (name, recorded) in ACTIONS.items():
    display.register(code, name, recorded)
