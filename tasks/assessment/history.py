"""What the assessment writes in the audit trail, made readable (``plans.audit.display``) for
the plan's change log. Imported when the app is ready (``TasksConfig.ready``)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plans.audit import display
from tasks.assessment import service
from tasks.models.assessment import signed


def _points(value):
    try:
        return signed(value)
    except (ArithmeticError, TypeError, ValueError):
        return display.text(value)


FIELDS = {
    # The weights of a scheme, by criterion (written out: a lazy label cannot be formatted at
    # import time).
    "on_time": display.Field(_("Weight of tasks completed on time")),
    "targets": display.Field(_("Weight of targets reached")),
    "rounds": display.Field(_("Weight of round answers on time")),
    "reviews": display.Field(_("Weight of completions accepted")),
    "unit": display.Field(_("Unit")),
    "points": display.Field(_("Points"), _points),
    "reason": display.Field(pgettext_lazy("score adjustment", "Reason")),
}

ACTIONS = {
    service.SCHEME_SAVED: _("Assessment weights saved"),
    service.ADJUSTED: _("Score adjusted"),
}

for code, name in ACTIONS.items():
    display.register(code, name, FIELDS)
