"""The work list ("my tasks"): a unit's tasks, or the tasks a responsible leader (责任领导)
answers for, grouped the way people plan their week — what is late, what is due this month,
what comes later — with the traffic light, filtered by plan, status and group.

The list is bounded: the groups are counted in one query and only one page of rows is loaded,
the most urgent first, so a unit with a thousand tasks costs what a unit with fifty does."""

from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from plans.models import Leader, Plan, Responsibility, Task
from plans.permissions import VISIBLE_TO_UNITS
from plans.wording.deadlines import month_end
from tasks.models import Acknowledgement, ProgressReport
from tasks.workspace import lights, progress
from unionplans.lib import addresses, params

OVERDUE = "overdue"
STATUS_CHOICES = [*Task.Status.choices, (OVERDUE, _("Overdue"))]
# The groups in the order they are shown; a task's group is its index here (``urgency``).
GROUPS = {
    "overdue": _("Overdue"),
    "month": _("Due this month"),
    "later": _("Later"),
    "open": _("No fixed deadline"),
    "done": _("Done"),
}
GROUP_KEYS = list(GROUPS)
PAGE_SIZE = 50


@dataclass
class Group:
    key: str
    title: str
    tasks: list = field(default_factory=list)
    # Tasks of the group in the whole (filtered) list, not only on this page.
    count: int = 0


def _group_key(task, today):
    if task.is_done:
        return "done"
    if task.deadline is None:
        return "open"
    if task.deadline < today:
        return "overdue"
    if task.deadline <= month_end(today.year, today.month):
        return "month"
    return "later"


def group_by_urgency(tasks, today, counts=None):
    """Split ``tasks`` into the GROUPS (in that order), keeping the order given within each;
    ``counts`` (group key → number) are the groups' sizes beyond this page."""
    groups = {key: Group(key, title) for key, title in GROUPS.items()}
    for task in tasks:
        groups[_group_key(task, today)].tasks.append(task)
    for group in groups.values():
        group.count = (counts or {}).get(group.key, len(group.tasks))
    return list(groups.values())


def urgency(today):
    """SQL: the index in GROUP_KEYS of a task's group — the same rule as ``_group_key``."""
    this_month_end = month_end(today.year, today.month)
    return Case(
        When(status=Task.Status.DONE, then=Value(4)),
        When(deadline__isnull=True, then=Value(3)),
        When(deadline__lt=today, then=Value(0)),
        When(deadline__lte=this_month_end, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


@dataclass
class Filters:
    """The filters of the page, read from (and kept in) the URL:
    ``?plan=3&status=overdue&group=later&page=2``. Nonsense is ignored, never an error."""

    plan: int | None = None
    status: str = ""
    group: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, query):
        return cls(
            plan=params.parse_int(query.get("plan")),
            status=params.parse_choice(query.get("status"), dict(STATUS_CHOICES), ""),
            group=params.parse_choice(query.get("group"), GROUPS, ""),
            page=params.parse_int(query.get("page"), minimum=1) or 1,
        )

    @property
    def active(self):
        return self.plan is not None or bool(self.status) or bool(self.group)

    def as_query(self, **changes):
        """The filters as URL parameters with ``changes`` applied (None drops one)."""
        values = {"plan": self.plan, "status": self.status, "group": self.group, "page": None}
        values.update(changes)
        return {key: str(value) for key, value in values.items() if value not in (None, "", 1)}


def unit_tasks(user, unit):
    """Every task of a published (or archived) plan that ``unit`` leads or supports, as ``user``
    may see them, with ``unit_role``, ``reported_percent`` (the lead unit's latest) and
    ``acknowledged`` (by ``unit``)."""
    return (
        Task.objects.visible_to(user)
        .for_unit(unit)
        .annotate(
            reported_percent=progress.lead_percent(),
            acknowledged=Acknowledgement.exists_for(OuterRef("pk"), unit),
        )
    )


def leader_of(user):
    """The responsible leader (Leader) linked to ``user``, or None: one query, for leaders."""
    if not user.is_leader:
        return None
    return Leader.objects.filter(user=user).first()


def leader_tasks(user, leader):
    """The tasks of published (or archived) plans that ``leader`` is 责任领导 of, as ``user``
    may see them, with ``reported_percent``, ``lead_unit_name`` and the latest report
    (``latest_at``, ``latest_text``, ``latest_unit``) — subqueries, no query per task."""
    lead = Responsibility.objects.filter(
        task=OuterRef("pk"), role=Responsibility.Role.LEAD
    ).order_by("order", "pk")
    latest = ProgressReport.objects.filter(task=OuterRef("pk")).order_by("-created_at", "-pk")
    return (
        Task.objects.visible_to(user)
        .filter(plan__status__in=VISIBLE_TO_UNITS)
        .filter(
            Exists(
                Responsibility.objects.filter(
                    task=OuterRef("pk"), role=Responsibility.Role.LEADER, leader=leader
                )
            )
        )
        .annotate(
            reported_percent=progress.lead_percent(),
            lead_unit_name=Subquery(lead.values("unit__name")[:1]),
            latest_at=Subquery(latest.values("created_at")[:1]),
            latest_text=Subquery(latest.values("text")[:1]),
            latest_unit=Subquery(latest.values("unit__name")[:1]),
        )
    )


def plans_of(tasks):
    """The plans of ``tasks`` for the plan filter: one query."""
    return Plan.objects.filter(pk__in=tasks.values("plan_id")).order_by("-year", "title")


@dataclass
class WorkList:
    """One page of a work list: its groups (with their counts), the page and the page count."""

    groups: list
    page: int
    pages: int
    total: int

    @property
    def has_tasks(self):
        return self.total > 0


def work_list(tasks, filters, today, page_size=PAGE_SIZE):
    """The page of ``tasks`` (unit_tasks or leader_tasks) that ``filters`` select, most urgent
    first and by deadline within a group, each task with its ``light``: two queries (the
    groups' counts, the page's rows)."""
    if filters.plan is not None:
        tasks = tasks.filter(plan_id=filters.plan)
    else:
        # An archived plan is closed: its tasks are no open work, and they would fill the
        # overdue group for years. They stay one choice of the plan filter away.
        tasks = tasks.filter(plan__status=Plan.Status.PUBLISHED)
    if filters.status == OVERDUE:
        tasks = tasks.overdue(today)
    elif filters.status:
        tasks = tasks.filter(status=filters.status)
    tasks = tasks.annotate(urgency=urgency(today))
    counts = tasks.aggregate(
        **{key: Count("pk", filter=Q(urgency=index)) for index, key in enumerate(GROUP_KEYS)}
    )
    if filters.group:
        tasks = tasks.filter(urgency=GROUP_KEYS.index(filters.group))
        total = counts[filters.group]
    else:
        total = sum(counts.values())
    pages = max(1, -(-total // page_size))
    page = min(filters.page, pages)
    start = (page - 1) * page_size
    rows = list(
        # The section two levels up: a row names its section by the labels above it.
        tasks.select_related("plan", "section__parent__parent").order_by(
            "urgency", "deadline", "plan_id", "order", "pk"
        )[start : start + page_size]
    )
    prepare_rows(rows, today)
    return WorkList(group_by_urgency(rows, today, counts), page, pages, total)


# The badge of each status, as templates/tasks/_status.html shows it on the task page.
STATUS_BADGES = {
    Task.Status.DONE: "text-bg-success",
    Task.Status.COMPLETION_REQUESTED: "text-bg-info",
    Task.Status.IN_PROGRESS: "text-bg-primary",
}


def several_plans(plans, filters):
    """Whether the list shows the tasks of more than one plan (``plans``: ``plans_of``, read),
    so that each row names its plan: not when the filter chose one, nor for archived plans,
    which wait behind it."""
    if filters.plan is not None:
        return False
    return sum(plan.status == Plan.Status.PUBLISHED for plan in plans) > 1


def section_path(section):
    """A section as a row names it, so that tasks of the same label and title in different
    sections are told apart: the labels of the sections above it (as far as they were loaded
    with it), then its own label and title — "二、（三）职工书屋"."""
    labels = []
    above = section
    while above.parent_id is not None and type(above).parent.is_cached(above):
        above = above.parent
        labels.append(above.label)
    return "".join(reversed(labels)) + f"{section.label}{section.title}"


def prepare_rows(rows, today):
    """Give each task of a page what its row shows, worked out here once rather than by an
    include, a ``reverse()`` and filters per row in the template: ``light`` (and its words,
    ``light_text``), ``days_overdue``, ``url``, ``status_label`` and ``status_badge``,
    ``role_label`` (for a unit's list), ``deadline_shown`` and ``section_shown``."""
    address = addresses.for_ids("tasks:detail")
    roles = {"lead": _("Lead unit")}
    supporting = _("Supporting unit")
    for task in rows:
        task.light = lights.light(task, today=today, reported_percent=task.reported_percent)
        task.light_text = task.light.description
        late = -(task.days_left(today) or 0)
        task.days_overdue = late if late > 0 and not task.is_done else 0
        task.url = address(task.pk)
        task.status_label = task.get_status_display()
        task.status_badge = STATUS_BADGES.get(task.status, "text-bg-light border")
        task.role_label = roles.get(getattr(task, "unit_role", None), supporting)
        task.deadline_shown = date_format(task.deadline) if task.deadline else ""
        task.section_shown = section_path(task.section)
