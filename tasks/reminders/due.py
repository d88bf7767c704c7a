"""What falls due on a working day: the reminders of each kind, for each plan's policy.

Kinds (``Reminder.Kind``), with the default policy (``ReminderPolicy``, per plan):

- before the deadline (提醒): 7 and 1 days before, to the lead and supporting units;
- overdue (催办): on the first overdue day, then every 7 days while overdue, to the units;
- escalation (督办): 3 days overdue, to the responsible leaders (责任领导);
- the Monday digest of each unit's open tasks, and the weekly summary for each leader.

Reminders go out on Chinese working days only (``tasks.reminders.workdays``). On a working day D
the sweep sends the before-deadline reminders whose trigger date falls on D or on the days off up
to the next working day (early rather than late), and the others whose trigger date fell after
the previous working day (late, but once). Each trigger date therefore belongs to exactly one
working day, and the trigger date is part of the reminder's unique key: running the sweep twice,
or on another day, never sends a reminder twice.

The queries are set-based: a constant number per distinct policy, whatever the number of tasks.
This module only reads; ``tasks.reminders.sweep`` records what it finds.
"""

import dataclasses
import datetime
import logging

from django.db.models import Min, Q
from django.utils.translation import gettext as _

from plans.models import Leader, Plan, Responsibility, Task, Unit, User
from tasks import access
from tasks.models import Reminder, ReminderPolicy, UnitChannel
from tasks.reminders import workdays
from tasks.reminders.round_due import round_due

logger = logging.getLogger(__name__)

Kind = Reminder.Kind

TASK_KINDS = (Kind.BEFORE, Kind.OVERDUE, Kind.ESCALATION)

# The day of the unit digest and the leader summary (Monday).
DIGEST_WEEKDAY = 0

# Reminders are about work still to do: a task whose completion was requested waits for the
# planner's review, not for the unit.
REMINDABLE = (Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS)

UNIT_ROLES = access.UNIT_ROLES

# How many tasks a digest or summary lists before "and N more".
LIST_LIMIT = 20


@dataclasses.dataclass(frozen=True)
class Window:
    """The trigger dates a sweep on the working day ``day`` covers."""

    day: datetime.date
    # Before-deadline reminders: ``day`` and the days off after it (early rather than late).
    early: tuple[datetime.date, datetime.date]
    # The other kinds: the days after the previous working day, up to ``day`` (late, but once).
    late: tuple[datetime.date, datetime.date]

    def late_dates(self):
        start, end = self.late
        return [start + datetime.timedelta(n) for n in range((end - start).days + 1)]


def window(day):
    """The ``Window`` of a sweep on ``day``, or None when ``day`` is not a working day."""
    if not workdays.is_working_day(day):
        return None
    one = datetime.timedelta(days=1)
    following = workdays.next_working_day(day)
    previous = workdays.add_working_days(day, -1)
    return Window(day=day, early=(day, following - one), late=(previous + one, day))


@dataclasses.dataclass
class Due:
    """A reminder that falls due, with the channels that will carry it."""

    kind: str
    due_date: datetime.date
    recipient_key: str
    # The recipient's federation and name are filled in with the channels (attach_channels).
    federation_id: int
    unit_id: int | None = None
    leader_id: int | None = None
    role: str = ""
    task_id: int | None = None
    round_id: int | None = None
    writing_id: int | None = None
    plan_id: int | None = None
    deadline: datetime.date | None = None
    task_title: str = ""
    plan_title: str = ""
    recipient: str = ""
    # (channel kind, UnitChannel id or None) pairs.
    channels: tuple = ()

    @property
    def key(self):
        return (
            self.task_id,
            self.round_id,
            self.writing_id,
            self.recipient_key,
            str(self.kind),
            self.due_date,
        )

    def rows(self):
        """The command line's JSON rows: one per channel."""
        return [
            {
                "task_id": self.task_id,
                "plan": self.plan_title or None,
                "task_title": self.task_title or None,
                "recipient": self.recipient,
                "kind": str(self.kind),
                "channel": channel,
                "due_date": self.due_date.isoformat(),
            }
            for channel, _robot in self.channels
        ]


def _policy_groups():
    """The published plans grouped by the settings of their policy (one query): a list of
    (policy, plan ids). Plans without a policy share the defaults."""
    rows = (
        Plan.objects.filter(status=Plan.Status.PUBLISHED)
        .order_by("pk")
        .values(
            "pk", "reminder_policy__pk", *(f"reminder_policy__{f}" for f in ReminderPolicy.SETTINGS)
        )
    )
    groups = {}
    for row in rows:
        policy = ReminderPolicy(plan_id=row["pk"])
        if row["reminder_policy__pk"] is not None:
            for name in ReminderPolicy.SETTINGS:
                setattr(policy, name, row[f"reminder_policy__{name}"])
        if policy.enabled:
            groups.setdefault(policy.signature(), (policy, []))[1].append(row["pk"])
    return list(groups.values())


_TASK_VALUES = (
    "task_id",
    "task__deadline",
    "task__title",
    "task__plan_id",
    "task__plan__title",
    "role",
)


def _open(plan_ids):
    """Responsibilities on the open tasks of ``plan_ids``, unordered (ordering would cost a
    sort and break DISTINCT)."""
    return Responsibility.objects.filter(
        task__plan_id__in=plan_ids, task__status__in=REMINDABLE
    ).order_by()


def _task_due(row, kind, due_date, **recipient):
    return Due(
        kind=kind,
        due_date=due_date,
        task_id=row["task_id"],
        plan_id=row["task__plan_id"],
        deadline=row["task__deadline"],
        task_title=row["task__title"],
        plan_title=row["task__plan__title"],
        role=row["role"],
        **recipient,
    )


def _unit_recipient(row):
    return {
        "unit_id": row["unit_id"],
        "recipient_key": f"unit:{row['unit_id']}",
        "federation_id": 0,
    }


def _before(policy, plan_ids, win):
    """7 and 1 days (``days_before``) before the deadline, to the units: one query."""
    days = policy.offsets()
    if not days:
        return []
    start, end = win.early
    deadlines = Q()
    for n in days:
        deadlines |= Q(
            task__deadline__range=(start + datetime.timedelta(n), end + datetime.timedelta(n))
        )
    rows = _open(plan_ids).filter(deadlines, role__in=UNIT_ROLES).values(*_TASK_VALUES, "unit_id")
    due = []
    for row in rows:
        # Several offsets can fall in one long holiday: the one nearest the deadline is sent.
        triggers = [row["task__deadline"] - datetime.timedelta(n) for n in days]
        trigger = max(t for t in triggers if start <= t <= end)
        due.append(_task_due(row, Kind.BEFORE, trigger, **_unit_recipient(row)))
    return due


def _overdue_triggers(policy, deadline, candidates):
    """The trigger dates among ``candidates`` of an overdue task: the first overdue day, then
    every ``overdue_every_days`` days."""
    every = policy.overdue_every_days
    found = []
    for day in candidates:
        late = (day - deadline).days
        if late < 1:
            continue
        first = late == 1 and policy.overdue_first_day
        repeated = every and late > 1 and (late - 1) % every == 0
        if first or repeated:
            found.append(day)
    return found


def _overdue(policy, plan_ids, win, oldest):
    """The first overdue day and every N days after it, to the units: one query.

    The deadlines that have a trigger date in the window are listed in Python (a few per day of
    the window and per N days back to the oldest open deadline), so the database only looks up
    an indexed list of dates, the same way on SQLite and PostgreSQL.
    """
    if oldest is None or not (policy.overdue_first_day or policy.overdue_every_days):
        return []
    one = datetime.timedelta(days=1)
    candidates = win.late_dates()
    deadlines = set()
    for day in candidates:
        if policy.overdue_first_day:
            deadlines.add(day - one)
        if policy.overdue_every_days:
            step = datetime.timedelta(days=policy.overdue_every_days)
            deadline = day - one - step
            while deadline >= oldest:
                deadlines.add(deadline)
                deadline -= step
    if not deadlines:
        return []
    rows = (
        _open(plan_ids)
        .filter(role__in=UNIT_ROLES, task__deadline__in=sorted(deadlines))
        .values(*_TASK_VALUES, "unit_id")
    )
    due = []
    for row in rows:
        triggers = _overdue_triggers(policy, row["task__deadline"], candidates)
        if triggers:
            due.append(_task_due(row, Kind.OVERDUE, max(triggers), **_unit_recipient(row)))
    return due


def _escalation(policy, plan_ids, win):
    """``escalate_after_days`` days overdue, to the responsible leaders: one query."""
    after = policy.escalate_after_days
    if not after:
        return []
    start, end = (day - datetime.timedelta(after) for day in win.late)
    rows = (
        _open(plan_ids)
        .filter(role=Responsibility.Role.LEADER, task__deadline__range=(start, end))
        .values(*_TASK_VALUES, "leader_id")
    )
    return [
        _task_due(
            row,
            Kind.ESCALATION,
            row["task__deadline"] + datetime.timedelta(after),
            leader_id=row["leader_id"],
            recipient_key=f"leader:{row['leader_id']}",
            federation_id=0,
        )
        for row in rows
    ]


def _weekly(groups, win):
    """The Monday digest of each unit and the summary of each leader with open tasks: one query
    each, over every plan whose policy includes them."""
    mondays = [day for day in win.late_dates() if day.weekday() == DIGEST_WEEKDAY]
    if not mondays:
        return []
    monday = max(mondays)
    due = []
    digest_plans = [pk for policy, ids in groups if policy.unit_digest for pk in ids]
    if digest_plans:
        units = (
            _open(digest_plans)
            .filter(role__in=UNIT_ROLES)
            .values_list("unit_id", flat=True)
            .distinct()
        )
        due += [
            Due(kind=Kind.DIGEST, due_date=monday, **_unit_recipient({"unit_id": pk}))
            for pk in units
        ]
    summary_plans = [pk for policy, ids in groups if policy.leader_summary for pk in ids]
    if summary_plans:
        leaders = (
            _open(summary_plans)
            .filter(role=Responsibility.Role.LEADER)
            .values_list("leader_id", flat=True)
            .distinct()
        )
        due += [
            Due(
                kind=Kind.SUMMARY,
                due_date=monday,
                leader_id=pk,
                recipient_key=f"leader:{pk}",
                federation_id=0,
            )
            for pk in leaders
        ]
    return due


def attach_channels(due):
    """Name the recipients and choose their channels (four queries in all): a unit's active
    users (in-app), its addresses (email) and its working robots; a leader's linked account
    (in-app and its email address). Recipients nobody can reach are dropped, with a warning."""
    unit_ids = {d.unit_id for d in due if d.unit_id}
    leader_ids = {d.leader_id for d in due if d.leader_id}
    units = {
        row["pk"]: row
        for row in Unit.objects.filter(pk__in=unit_ids).values(
            "pk", "name", "emails", "federation_id"
        )
    }
    with_users = set(
        User.objects.filter(unit_id__in=unit_ids, is_active=True)
        .order_by()
        .values_list("unit_id", flat=True)
        .distinct()
    )
    robots = {}
    for robot in UnitChannel.objects.filter(
        unit_id__in=unit_ids, is_active=True, broken_at__isnull=True
    ).values("pk", "unit_id", "kind"):
        robots.setdefault(robot["unit_id"], []).append((robot["kind"], robot["pk"]))
    leaders = {
        row["pk"]: row
        for row in Leader.objects.filter(pk__in=leader_ids).values(
            "pk", "name", "federation_id", "user_id", "user__is_active", "user__email"
        )
    }
    reachable, unreachable = [], set()
    for item in due:
        if item.unit_id:
            unit = units[item.unit_id]
            item.recipient = unit["name"]
            item.federation_id = unit["federation_id"] or unit["pk"]
            channels = [("inapp", None)] if item.unit_id in with_users else []
            if unit["emails"].strip():
                channels.append(("email", None))
            channels += sorted(robots.get(item.unit_id, ()), key=lambda pair: pair[1])
        else:
            leader = leaders[item.leader_id]
            item.recipient = leader["name"]
            item.federation_id = leader["federation_id"]
            channels = []
            if leader["user_id"] and leader["user__is_active"]:
                channels.append(("inapp", None))
                if (leader["user__email"] or "").strip():
                    channels.append(("email", None))
        item.channels = tuple(channels)
        if channels:
            reachable.append(item)
        else:
            unreachable.add(item.recipient)
    if unreachable:
        logger.warning(
            "Reminders due for %s cannot reach anyone: no active user, email address or robot "
            "(a leader needs a linked user account).",
            "、".join(sorted(unreachable)),
        )
    return reachable


def due_on(day):
    """The reminders due on ``day`` (a list of ``Due``), read from the database without
    writing anything. Nothing is due on a day that is not a working day."""
    win = window(day)
    if win is None:
        return []
    groups = _policy_groups()
    if not groups:
        return []
    all_plans = [pk for _policy, ids in groups for pk in ids]
    oldest = None
    if any(policy.overdue_first_day or policy.overdue_every_days for policy, _ids in groups):
        oldest = Task.objects.filter(
            plan_id__in=all_plans, status__in=REMINDABLE, deadline__lt=win.day
        ).aggregate(oldest=Min("deadline"))["oldest"]
    due = []
    for policy, plan_ids in groups:
        due += _before(policy, plan_ids, win)
        due += _overdue(policy, plan_ids, win, oldest)
        due += _escalation(policy, plan_ids, win)
    due += _weekly(groups, win)
    due += round_due(groups, win, Due)
    due = attach_channels(due)
    due.sort(key=lambda d: (d.due_date, str(d.kind), d.plan_title, d.task_id or 0, d.recipient))
    return due


def why_not_needed(reminder):
    """Why a reminder should no longer be sent (the task was done, its deadline moved, the plan
    left publication), or an empty string."""
    if reminder.kind == Kind.ROUND:
        return _round_not_needed(reminder)
    if reminder.kind not in TASK_KINDS:
        return ""
    task = reminder.task
    if task.plan.status != Plan.Status.PUBLISHED:
        return _("The plan is no longer published.")
    if task.status not in REMINDABLE:
        return _("The task is done or waiting for the review of its completion.")
    if task.deadline != reminder.deadline:
        return _("The task's deadline has changed since the reminder fell due.")
    return ""


def _round_not_needed(reminder):
    rnd = reminder.round
    if rnd.plan.status != Plan.Status.PUBLISHED:
        return _("The plan is no longer published.")
    if not rnd.is_open:
        return _("The reporting round is closed.")
    if not rnd.items.filter(unit_id=reminder.unit_id, report__isnull=True).exists():
        return _("The unit has answered the reporting round.")
    return ""
