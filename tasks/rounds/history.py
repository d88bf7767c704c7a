"""What rounds write in the audit trail, made readable (``plans.audit.display``) for the plan's
change log. Imported when the app is ready (``TasksConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

from plans.audit import display
from tasks.rounds import service

FIELDS = {"round": display.Field(_("Reporting round"))}

ACTIONS = {
    service.OPENED: _("Reporting round opened"),
    service.CLOSED: _("Reporting round closed"),
    service.REOPENED: _("Reporting round re-opened"),
}

for code, name in ACTIONS.items():
    display.register(code, name, FIELDS)
