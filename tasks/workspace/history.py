"""What the workflow writes in the audit trail, made readable (``plans.audit.display``): the
steps of ``tasks.workspace.workflow`` and the fields they record. Imported when the app is ready
(``TasksConfig.ready``); the task page and the plan's change log both show them."""

from django.utils.translation import gettext_lazy as _

from plans.audit import display
from plans.models import Task
from tasks.workspace import workflow

# Every workflow step records some of these; one set of labels serves them all.
FIELDS = {
    "status": display.Field(_("Status"), display.choice(Task.Status)),
    "deadline": display.Field(_("Deadline"), display.date),
    "deadline_text": display.Field(_("Deadline as written")),
    "proposed_deadline": display.Field(_("Proposed deadline"), display.date),
    "unit": display.Field(_("Unit")),
    "percent": display.Field(_("Percent done")),
    "figures": display.Field(_("Figures"), display.figures),
    "attachments": display.Field(_("Attachments")),
    "links": display.Field(_("Links")),
    # The time of an acknowledgement is the entry's own, shown with it.
    "at": display.HIDDEN,
}

ACTIONS = {
    workflow.ACKNOWLEDGED: _("Acknowledged"),
    workflow.REPORTED: _("Progress reported"),
    workflow.STATUS_CHANGED: _("Status changed"),
    workflow.COMPLETION_REQUESTED: _("Completion requested"),
    workflow.COMPLETION_ACCEPTED: _("Completion accepted"),
    workflow.COMPLETION_RETURNED: _("Completion sent back"),
    workflow.EXTENSION_REQUESTED: _("Extension requested"),
    workflow.EXTENSION_APPROVED: _("Extension approved"),
    workflow.EXTENSION_REJECTED: _("Extension rejected"),
}

for code, name in ACTIONS.items():
    display.register(code, name, FIELDS)
