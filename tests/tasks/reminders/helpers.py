"""Small helpers of the reminder tests."""

import datetime

from plans.models import User
from tasks.models import UnitChannel
from tests import factories

# An ordinary fortnight of working days: Monday 2 March to Friday 13 March 2026, no holiday.
MON = datetime.date(2026, 3, 2)


def day(offset):
    """``MON`` moved by ``offset`` days."""
    return MON + datetime.timedelta(days=offset)


def set_deadline(task, deadline):
    task.deadline = deadline
    task.save()


def add_robot(unit, kind="wecom", config=None, **fields):
    return UnitChannel.objects.create(
        unit=unit,
        kind=kind,
        config=config or {"webhook": "http://127.0.0.1:9/cgi-bin/webhook/send?key=k"},
        **fields,
    )


def other_planner():
    elsewhere = factories.UnitFactory(name="外市宣教部")
    return factories.UserFactory(role=User.Role.PLANNER, unit=elsewhere)
