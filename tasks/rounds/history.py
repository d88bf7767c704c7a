"""What rounds write in the audit trail, made readable (``plans.audit.display``) for the plan's
change log. Imported when the app is ready (``TasksConfig.ready``)."""

from django.utils.translation import gettext_lazy as _

from plans.audit import display
from tasks.models import RoundSchedule
from tasks.rounds import schedule, service

FIELDS = {"round": display.Field(_("Reporting round"))}

ACTIONS = {
    service.OPENED: _("Reporting round opened"),
    service.CLOSED: _("Reporting round closed"),
    service.REOPENED: _("Reporting round re-opened"),
}

for code, name in ACTIONS.items():
    display.register(code, name, FIELDS)

display.register(
    schedule.SCHEDULE_SET,
    _("Round schedule set"),
    display.fields(
        {
            "active": _("Rounds are opened on schedule"),
            "frequency": _("Frequency"),
            "open_day": _("Opening day"),
            "due_rule": _("Answers due"),
            "due_days": _("Days, or day of the month"),
            "name_pattern": _("Name of each round"),
            "include_supporting": _("Supporting units answer too"),
        },
        frequency=display.choice(RoundSchedule.Frequency),
        due_rule=display.choice(RoundSchedule.DueRule),
    ),
)
