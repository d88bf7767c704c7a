"""A unit's tasks grouped the way people plan their week: what is late, what is due this
month, what comes later."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass
class Group:
    key: str
    title: str
    tasks: list = field(default_factory=list)


def _end_of_month(day):
    next_month = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return next_month - datetime.timedelta(days=1)


def group_by_urgency(tasks, today):
    """Split ``tasks`` into overdue, due this month, later, without a deadline and done (in
    that order), keeping the order given within each group."""
    groups = {
        "overdue": Group("overdue", _("Overdue")),
        "month": Group("month", _("Due this month")),
        "later": Group("later", _("Later")),
        "open": Group("open", _("No fixed deadline")),
        "done": Group("done", _("Done")),
    }
    month_end = _end_of_month(today)
    for task in tasks:
        if task.is_done:
            key = "done"
        elif task.deadline is None:
            key = "open"
        elif task.deadline < today:
            key = "overdue"
        elif task.deadline <= month_end:
            key = "month"
        else:
            key = "later"
        groups[key].tasks.append(task)
    return list(groups.values())
