"""What a leader chose on the dashboard, kept in the URL so that a view can be bookmarked and
shared, and the counted tasks it selects. A value that makes no sense is ignored, never an
error."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from plans.models import Responsibility, Task
from tasks.models import CountedResponsibility
from unionplans.lib import params

OVERDUE = "overdue"
STATUS_CHOICES = [*Task.Status.choices, (OVERDUE, _("Overdue"))]
SORTS = {
    # URL value: (label, key on a UnitRow, descending first), in the order of the columns.
    # Names in the federation's own order (Unit.order), not by code point.
    "name": (_("Unit"), lambda row: (row.order, row.name), False),
    "rate": (_("Completion rate"), lambda row: (row.done_rate, -row.overdue), True),
    "on_time": (_("On-time rate"), lambda row: (row.on_time_rate, row.done_rate), True),
    "overdue": (_("Overdue"), lambda row: (row.overdue, row.tasks), True),
    "tasks": (_("Tasks"), lambda row: (row.tasks, row.lead), True),
    "last_report": (
        _("Last report"),
        lambda row: row.last_report or datetime.datetime.min.replace(tzinfo=datetime.UTC),
        True,
    ),
}
DEFAULT_SORT = "rate"
# A second click on a ranking header reverses it: "asc" or "desc", else the sort's own default.
DIRECTIONS = {"asc", "desc"}


@dataclass
class Filters:
    """What the leader chose, kept in the URL so the view can be bookmarked and shared. A
    value that makes no sense is ignored, never an error."""

    year: int | None = None
    plan: int | None = None
    section: int | None = None
    unit: int | None = None
    # A responsible leader (责任领导): the tasks they answer for.
    leader: int | None = None
    status: str | None = None
    deadline_from: datetime.date | None = None
    deadline_to: datetime.date | None = None
    sort: str = DEFAULT_SORT
    direction: str | None = None
    # The ranking shows its first RANKED units unless all are asked for.
    all_units: bool = False

    @classmethod
    def from_query(cls, query):
        start, end = params.parse_date(query.get("from")), params.parse_date(query.get("to"))
        if start and end and start > end:
            start, end = end, start  # typed backwards: the range meant, not an empty one
        return cls(
            year=params.parse_int(query.get("year")),
            plan=params.parse_int(query.get("plan")),
            section=params.parse_int(query.get("section")),
            unit=params.parse_int(query.get("unit")),
            leader=params.parse_int(query.get("leader")),
            status=params.parse_choice(query.get("status"), dict(STATUS_CHOICES)),
            deadline_from=start,
            deadline_to=end,
            sort=params.parse_choice(query.get("sort"), SORTS, DEFAULT_SORT),
            direction=params.parse_choice(query.get("dir"), DIRECTIONS),
            all_units=params.parse_choice(query.get("units"), {"all"}) == "all",
        )

    def as_query(self, **changes):
        """The filters as URL parameters, with ``changes`` applied (None drops one)."""
        values = {
            "year": self.year,
            "plan": self.plan,
            "section": self.section,
            "unit": self.unit,
            "leader": self.leader,
            "status": self.status,
            "from": self.deadline_from,
            "to": self.deadline_to,
            "sort": None if self.sort == DEFAULT_SORT else self.sort,
            "dir": self.direction,
            "units": "all" if self.all_units else None,
        }
        values.update(changes)
        return {key: str(value) for key, value in values.items() if value not in (None, "")}

    @property
    def narrowed(self):
        """Whether the filters choose some of the plans' tasks (not only the year and plan):
        such a view adds up the counted tasks it selects instead of reading kept sums."""
        return bool(
            self.section
            or self.unit
            or self.leader
            or self.status
            or self.deadline_from
            or self.deadline_to
        )

    @property
    def descending(self):
        """Whether the ranking runs from the largest value down."""
        if self.direction:
            return self.direction == "desc"
        return SORTS[self.sort][2]

    def sort_headers(self):
        """The ranking's column headers: (key, label, query, aria-sort). The current column
        links to the other direction; another column to its own default direction."""
        headers = []
        for key, (label, _key, _descending) in SORTS.items():
            if key == self.sort:
                current = "descending" if self.descending else "ascending"
                query = self.as_query(sort=key, dir="asc" if self.descending else "desc")
            else:
                current, query = "none", self.as_query(sort=key, dir=None)
            headers.append((key, label, urlencode(query), current))
        return headers


def filtered(counted, filters, today):
    """The counted tasks (CountedTask rows) that ``filters`` select among ``counted``."""
    if filters.section:
        counted = counted.filter(section_id=filters.section)
    if filters.unit:
        counted = counted.filter(
            Exists(CountedResponsibility.objects.filter(task=OuterRef("pk"), unit_id=filters.unit))
        )
    if filters.leader:
        counted = counted.filter(
            Exists(
                CountedResponsibility.objects.filter(
                    task=OuterRef("pk"), role=Responsibility.Role.LEADER, leader_id=filters.leader
                )
            )
        )
    if filters.status == OVERDUE:
        counted = counted.exclude(status=Task.Status.DONE).filter(deadline__lt=today)
    elif filters.status:
        counted = counted.filter(status=filters.status)
    if filters.deadline_from:
        counted = counted.filter(deadline__gte=filters.deadline_from)
    if filters.deadline_to:
        counted = counted.filter(deadline__lte=filters.deadline_to)
    return counted
