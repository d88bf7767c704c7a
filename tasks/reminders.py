"""The daily sweep: which reminders fall due on a working day, and what each one says.

Kinds (``Reminder.Kind``), with the default policy (``ReminderPolicy``, per plan):

- before the deadline (提醒): 7 and 1 days before, to the lead and supporting units;
- overdue (催办): on the first overdue day, then every 7 days while overdue, to the units;
- escalation (督办): 3 days overdue, to the responsible leaders (责任领导);
- the Monday digest of each unit's open tasks, and the weekly summary for each leader.

Reminders go out on Chinese working days only (``tasks.workdays``). On a working day D the sweep
sends the before-deadline reminders whose trigger date falls on D or on the days off up to the
next working day (early rather than late), and the others whose trigger date fell after the
previous working day (late, but once). Each trigger date therefore belongs to exactly one working
day, and the trigger date is part of the reminder's unique key: running the sweep twice, or on
another day, never sends a reminder twice.

The queries are set-based: a constant number per distinct policy, whatever the number of tasks.
``plan(day)`` reads only; ``record(...)`` writes the reminders and their deliveries in one
transaction and hands the deliveries to the queue once it commits (``tasks.delivery``).
"""

import dataclasses
import datetime
import logging
import uuid
from functools import partial

from django.db import connection, transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.models import Leader, Plan, Responsibility, Task, Unit, User
from tasks import access, workdays
from tasks.channels import Message
from tasks.models import Delivery, Reminder, ReminderPolicy, UnitChannel

logger = logging.getLogger("tasks.reminders")

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
# The settings of a ReminderPolicy that decide what is due.
POLICY_FIELDS = (
    "enabled",
    "days_before",
    "overdue_first_day",
    "overdue_every_days",
    "escalate_after_days",
    "unit_digest",
    "leader_summary",
)


# --- When ------------------------------------------------------------------------------------


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


# --- What is due -----------------------------------------------------------------------------


@dataclasses.dataclass
class Due:
    """A reminder that falls due, with the channels that will carry it."""

    kind: str
    due_date: datetime.date
    recipient_key: str
    # The recipient's federation and name are filled in with the channels (_attach_channels).
    federation_id: int
    unit_id: int | None = None
    leader_id: int | None = None
    role: str = ""
    task_id: int | None = None
    plan_id: int | None = None
    deadline: datetime.date | None = None
    task_title: str = ""
    plan_title: str = ""
    recipient: str = ""
    # (channel kind, UnitChannel id or None) pairs.
    channels: tuple = ()

    @property
    def key(self):
        return (self.task_id, self.recipient_key, str(self.kind), self.due_date)

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
        .values("pk", "reminder_policy__pk", *(f"reminder_policy__{f}" for f in POLICY_FIELDS))
    )
    groups = {}
    for row in rows:
        policy = ReminderPolicy(plan_id=row["pk"])
        if row["reminder_policy__pk"] is not None:
            for name in POLICY_FIELDS:
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


def _attach_channels(due):
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


def plan(day):
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
    due = _attach_channels(due)
    due.sort(key=lambda d: (d.due_date, str(d.kind), d.plan_title, d.task_id or 0, d.recipient))
    return due


# --- Recording -------------------------------------------------------------------------------


@dataclasses.dataclass
class Recorded:
    """What a sweep wrote: the reminders new this time and the ids of their deliveries."""

    due: list
    delivery_ids: list


# The columns the sweep writes, with their PostgreSQL types (see _insert_unnest). The others are
# nullable and stay NULL.
REMINDER_COLUMNS = (
    ("kind", "varchar"),
    ("task_id", "bigint"),
    ("plan_id", "bigint"),
    ("federation_id", "bigint"),
    ("unit_id", "bigint"),
    ("leader_id", "bigint"),
    ("recipient_key", "varchar"),
    ("role", "varchar"),
    ("due_date", "date"),
    ("sweep_date", "date"),
    ("deadline", "date"),
    ("batch", "uuid"),
    ("created_at", "timestamptz"),
)
DELIVERY_COLUMNS = (
    ("reminder_id", "bigint"),
    ("channel", "varchar"),
    ("unit_channel_id", "bigint"),
    ("channel_key", "varchar"),
    ("status", "varchar"),
    ("attempts", "integer"),
    ("failures", "integer"),
    ("last_error", "text"),
    ("next_attempt_at", "timestamptz"),
    ("enqueued_at", "timestamptz"),
    ("created_at", "timestamptz"),
)


def _insert_unnest(model, columns, rows, *, returning, ignore_conflicts=False):
    """PostgreSQL: one ``INSERT … SELECT * FROM unnest(array, …)`` for any number of rows, one
    parameter per column. ``bulk_create`` builds one parameter per value in Python, which takes
    seconds for the tens of thousands of rows of a large federation's Monday."""
    if not rows:
        return []
    quote = connection.ops.quote_name
    names = ", ".join(quote(name) for name, _type in columns)
    arrays = ", ".join(f"%s::{sql_type}[]" for _name, sql_type in columns)
    conflict = "ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({names}) SELECT * FROM unnest({arrays}) "
        f"{conflict} RETURNING {', '.join(quote(name) for name in returning)}"
    )
    params = [list(values) for values in zip(*rows, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _insert_rows(model, columns, rows, *, returning, ignore_conflicts=False):
    """Insert ``rows`` (tuples in the order of ``columns``) and return ``returning`` of the rows
    inserted (those in conflict with the unique key are not)."""
    if connection.vendor == "postgresql":
        return _insert_unnest(
            model, columns, rows, returning=returning, ignore_conflicts=ignore_conflicts
        )
    names = [name for name, _type in columns]
    objects = [model(**dict(zip(names, row, strict=True))) for row in rows]
    model.objects.bulk_create(objects, ignore_conflicts=ignore_conflicts)
    if not ignore_conflicts:
        return [tuple(getattr(obj, name) for name in returning) for obj in objects]
    # Without RETURNING for ignored conflicts, read back this sweep's rows by their batch.
    batches = {row[names.index("batch")] for row in rows}
    return list(model.objects.filter(batch__in=batches).values_list(*returning))


def record(day, due, *, enqueue=True):
    """Write the reminders of ``due`` that do not exist yet, one delivery per channel, in one
    transaction; queue the deliveries once it commits (unless ``enqueue`` is false).

    ``INSERT … ON CONFLICT DO NOTHING`` on the unique key makes a second sweep, or two at the
    same time, add nothing; each sweep gets back only the rows it inserted. On PostgreSQL each
    table takes one INSERT whatever the number of rows (SQLite splits them by its limit of 999
    variables).
    """
    from tasks import delivery

    batch = uuid.uuid4()
    now = timezone.now()
    pending = Delivery.Status.PENDING
    with transaction.atomic():
        new = _insert_rows(
            Reminder,
            REMINDER_COLUMNS,
            [
                (
                    str(item.kind),
                    item.task_id,
                    item.plan_id,
                    item.federation_id,
                    item.unit_id,
                    item.leader_id,
                    item.recipient_key,
                    item.role,
                    item.due_date,
                    day,
                    item.deadline,
                    str(batch),
                    now,
                )
                for item in due
            ],
            returning=("id", "task_id", "recipient_key", "kind", "due_date"),
            ignore_conflicts=True,
        )
        by_key = {item.key: item for item in due}
        recorded, rows = [], []
        for pk, *key in new:
            item = by_key[tuple(key)]
            recorded.append(item)
            rows += [
                (
                    pk,
                    channel,
                    robot,
                    f"{channel}:{robot}" if robot else channel,
                    pending,
                    0,
                    0,
                    "",
                    now,
                    now,
                    now,
                )
                for channel, robot in item.channels
            ]
        ids = [pk for (pk,) in _insert_rows(Delivery, DELIVERY_COLUMNS, rows, returning=("id",))]
        if enqueue and ids:
            transaction.on_commit(partial(delivery.enqueue, ids))
    logger.info(
        "Reminder sweep of %s: %d reminders due, %d new, %d deliveries queued.",
        day,
        len(due),
        len(recorded),
        len(ids),
    )
    return Recorded(due=recorded, delivery_ids=ids)


def run(day, *, dry_run=False, enqueue=True):
    """The sweep of ``day``: a list of ``Due`` when ``dry_run`` (nothing saved), else the
    ``Recorded`` reminders."""
    due = plan(day)
    if dry_run:
        return due
    return record(day, due, enqueue=enqueue)


# --- What a reminder says --------------------------------------------------------------------


def _days(count):
    return ngettext("%(days)d day", "%(days)d days", count) % {"days": count}


def _short(title, limit=40):
    return title if len(title) <= limit else title[: limit - 1] + "…"


def _deadline_text(task):
    return task.deadline_text or (task.deadline.isoformat() if task.deadline else "")


def _to(reminder):
    if reminder.unit_id:
        role = Responsibility.Role(reminder.role).label if reminder.role else ""
        name = reminder.unit.name
        return _("To: %(name)s (%(role)s)") % {"name": name, "role": role} if role else name
    return _("To: %(name)s (responsible leader)") % {"name": reminder.leader.name}


def _task_message(reminder, task):
    days_left = (reminder.deadline - reminder.sweep_date).days
    late = -days_left
    title = _short(task.title)
    if reminder.kind == Kind.BEFORE:
        if days_left <= 0:
            heading = _("Reminder: “%(task)s” is due today") % {"task": title}
        else:
            heading = _("Reminder: “%(task)s” is due in %(days)s") % {
                "task": title,
                "days": _days(days_left),
            }
        ask = _("Please complete the task by its deadline and report its progress in the portal.")
        kind = "reminder"
    elif reminder.kind == Kind.OVERDUE:
        heading = _("Overdue: “%(task)s” is %(days)s past its deadline") % {
            "task": title,
            "days": _days(late),
        }
        ask = _(
            "Please report its progress, request completion or request an extension in the portal."
        )
        kind = "overdue"
    else:
        heading = _("Escalation: “%(task)s” is %(days)s overdue") % {
            "task": title,
            "days": _days(late),
        }
        ask = _("As its responsible leader, please follow it up with the lead unit.")
        kind = "escalation"
    return Message.about_task(task, title=heading, lines=(_to(reminder), ask), kind=kind)


def _task_line(task, today):
    parts = [f"· {_short(task.title, 60)}"]
    if task.deadline is None:
        parts.append(_("no fixed deadline"))
    else:
        left = (task.deadline - today).days
        if left < 0:
            state = _("overdue by %(days)s") % {"days": _days(-left)}
        elif left == 0:
            state = _("due today")
        else:
            state = _("due in %(days)s") % {"days": _days(left)}
        parts.append(f"{_deadline_text(task)} ({state})")
    return " — ".join(parts)


def _task_lines(tasks, today):
    lines = [_task_line(task, today) for task in tasks[:LIST_LIMIT]]
    if len(tasks) > LIST_LIMIT:
        lines.append(_("… and %(count)d more") % {"count": len(tasks) - LIST_LIMIT})
    return lines


def _weekly_tasks(reminder):
    """The open tasks of the digest's unit or the summary's leader, in plans whose policy
    includes them, most urgent first."""
    tasks = Task.objects.filter(plan__status=Plan.Status.PUBLISHED, status__in=REMINDABLE)
    tasks = tasks.exclude(plan__reminder_policy__enabled=False)
    if reminder.kind == Kind.DIGEST:
        tasks = tasks.exclude(plan__reminder_policy__unit_digest=False).filter(
            responsibilities__unit_id=reminder.unit_id,
            responsibilities__role__in=UNIT_ROLES,
        )
    else:
        tasks = tasks.exclude(plan__reminder_policy__leader_summary=False).filter(
            responsibilities__leader_id=reminder.leader_id
        )
    ordered = sorted(
        tasks.order_by().distinct().only("pk", "title", "deadline", "deadline_text"),
        key=lambda t: (t.deadline is None, t.deadline or datetime.date.max, t.pk),
    )
    return ordered


def _weekly_message(reminder):
    """The digest or summary, or None when nothing is open any more."""
    today = reminder.sweep_date
    tasks = _weekly_tasks(reminder)
    if not tasks:
        return None
    overdue = [t for t in tasks if t.deadline and t.deadline < today]
    if reminder.kind == Kind.DIGEST:
        title = ngettext(
            "This week: %(count)d open task for %(unit)s",
            "This week: %(count)d open tasks for %(unit)s",
            len(tasks),
        ) % {"count": len(tasks), "unit": reminder.unit.name}
        lines = [_to(reminder)]
        if overdue:
            lines.append(_("%(count)d of them are overdue.") % {"count": len(overdue)})
        lines += _task_lines(tasks, today)
        return Message(
            title=title,
            lines=tuple(lines),
            url=reverse("tasks:my_tasks"),
            link_text=_("Open my tasks"),
            kind="digest",
        )
    soon = [t for t in tasks if t.deadline and 0 <= (t.deadline - today).days <= 7]
    title = _(
        "Weekly summary: %(overdue)d overdue and %(soon)d due within 7 days of the %(count)d "
        "open tasks you are responsible for"
    ) % {"overdue": len(overdue), "soon": len(soon), "count": len(tasks)}
    lines = [_to(reminder), *_task_lines(overdue + soon, today)]
    return Message(
        title=title,
        lines=tuple(lines),
        url=reverse("tasks:dashboard"),
        link_text=_("Open the dashboard"),
        kind="summary",
    )


def why_not_needed(reminder):
    """Why a reminder should no longer be sent (the task was done, its deadline moved, the plan
    left publication), or an empty string."""
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


def message_for(reminder):
    """The ``channels.Message`` a reminder sends, written when it is sent; None for a digest or
    summary with nothing open any more."""
    if reminder.kind in TASK_KINDS:
        task = (
            Task.objects.select_related("plan")
            .prefetch_related("responsibilities__unit")
            .get(pk=reminder.task_id)
        )
        return _task_message(reminder, task)
    return _weekly_message(reminder)


def calendar_warning(today=None):
    """A sentence for planners and administrators when the holiday calendar does not know this
    year (reminders then assume Monday to Friday), else an empty string."""
    year = (today or timezone.localdate()).year
    if workdays.calendar_covers(year):
        return ""
    first, last = workdays.calendar_range()
    return _(
        "The Chinese holiday calendar has no data for %(year)s (it covers %(first)s–%(last)s): "
        "reminders assume Monday to Friday are working days. Ask the administrator to upgrade "
        "the chinesecalendar package."
    ) % {"year": year, "first": first, "last": last}
