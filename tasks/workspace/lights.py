"""The traffic light (红黄绿灯) of a task: every rule in one place. See docs/status-and-lights.md.

- **green**: done; or no deadline; or on schedule.
- **red**: the deadline has passed and the task is not done.
- **yellow**: not done and the deadline is within ``LIGHT_YELLOW_DAYS`` days (today counts:
  0 days left), or the reported percent is behind the expected progress to date (序时进度).

Expected progress to date is the share of time elapsed between the start — the plan's
publication, or 1 January of the plan year when it has no publication date — and the deadline.
The percent compared is the latest one reported by a lead unit (no report counts as 0 %); a
task whose completion has been requested is never behind (the unit says it is done), though the
percent shown stays the one reported (tasks.workspace.progress: the percent of a task).
Comparisons are made in whole numbers, so "exactly on schedule" is green, never a rounding
accident.
"""

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.db.models import Case, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plans.models import Task

GREEN, YELLOW, RED = "green", "yellow", "red"

LABELS = {GREEN: _("On schedule"), YELLOW: _("Needs attention"), RED: _("Overdue")}

# Why a light has its colour, shown next to it.
REASONS = {
    "done": _("Done"),
    "no_deadline": _("No fixed deadline"),
    "on_schedule": _("On schedule"),
    "overdue": _("Deadline passed"),
    "due_soon": _("Deadline near"),
    "behind": _("Behind expected progress"),
}


@dataclass(frozen=True)
class Light:
    colour: str
    reason: str
    # Expected progress to date in percent (a Fraction) and the percent compared with it;
    # None when no comparison was made (done, no deadline, overdue).
    expected: Fraction | None = None
    reported: int | None = None

    @property
    def label(self):
        return LABELS[self.colour]

    @property
    def reason_label(self):
        return REASONS[self.reason]

    @property
    def description(self):
        """The light in words: "Overdue: Deadline passed", or the label alone when the reason
        would only repeat it ("On schedule")."""
        if str(self.reason_label) == str(self.label):
            return str(self.label)
        return gettext("%(label)s: %(reason)s") % {
            "label": self.label,
            "reason": self.reason_label,
        }

    @property
    def expected_display(self):
        """Expected progress as a whole percent, rounded down."""
        return None if self.expected is None else int(self.expected)

    def __str__(self):
        return self.colour


def yellow_days():
    return settings.LIGHT_YELLOW_DAYS


def start_of(plan):
    """Where expected progress starts: the plan's publication day, else 1 January of its
    year."""
    if plan.published_at is not None:
        return timezone.localdate(plan.published_at)
    return datetime.date(plan.year, 1, 1)


def expected_progress(start, deadline, today):
    """The percent of the time from ``start`` to ``deadline`` elapsed by ``today`` (0 to 100,
    exact)."""
    total = (deadline - start).days
    elapsed = (today - start).days
    if total <= 0:
        return Fraction(100) if elapsed >= total else Fraction(0)
    return min(Fraction(100), max(Fraction(0), Fraction(100 * elapsed, total)))


def light(task, *, today=None, reported_percent=None, days=None):
    """The light of ``task`` (with its plan) on ``today``, given the latest percent reported by
    its lead unit (None: nothing reported)."""
    return light_of(
        task.status,
        task.deadline,
        start_of(task.plan),
        today=today or timezone.localdate(),
        reported_percent=reported_percent,
        days=days,
    )


def light_of(status, deadline, start, *, today, reported_percent=None, days=None):
    """The same rules on plain values, for pages that colour thousands of tasks at once (the
    dashboard reads rows, not model instances). ``start`` is ``start_of(plan)``."""
    days = yellow_days() if days is None else days
    if status == Task.Status.DONE:
        return Light(GREEN, "done")
    if deadline is None:
        return Light(GREEN, "no_deadline")
    days_left = (deadline - today).days
    if days_left < 0:
        return Light(RED, "overdue")
    # Completion requested: the unit says it is all done; the review does not make it late.
    requested = status == Task.Status.COMPLETION_REQUESTED
    reported = reported_percent or 0
    expected = expected_progress(start, deadline, today)
    if days_left <= days:
        return Light(YELLOW, "due_soon", expected, reported)
    if reported < expected and not requested:
        return Light(YELLOW, "behind", expected, reported)
    return Light(GREEN, "on_schedule", expected, reported)


def behind_from(status, deadline, start, reported_percent):
    """The first day rule 5 (behind expected progress) holds for a task, or None if it never
    does before the deadline: the light as a matter of dates, so that figures kept in the
    database stay right as the days pass (tasks.dashboard.upkeep). ``light_of`` on any day
    agrees with ``reason_on`` given this day.

    Behind means reported < 100 × elapsed ÷ total (whole days), that is elapsed ≥
    ⌊reported × total ÷ 100⌋ + 1."""
    if status in (Task.Status.DONE, Task.Status.COMPLETION_REQUESTED) or deadline is None:
        return None
    total = (deadline - start).days
    if total <= 0:
        return None
    day = start + datetime.timedelta(days=(reported_percent or 0) * total // 100 + 1)
    # From the day after the deadline the task is overdue, whatever its progress.
    return day if day <= deadline else None


def reason_on(status, deadline, behind, today, days=None):
    """The reason of the light (a key of REASONS) on ``today``, from the task's status and
    deadline and the day it falls behind (``behind_from``)."""
    days = yellow_days() if days is None else days
    if status == Task.Status.DONE:
        return "done"
    if deadline is None:
        return "no_deadline"
    if deadline < today:
        return "overdue"
    if (deadline - today).days <= days:
        return "due_soon"
    if behind is not None and behind <= today:
        return "behind"
    return "on_schedule"


class DaysBetween(Func):
    """Whole days from the date ``start`` to the date ``end``, in SQL."""

    output_field = IntegerField()
    arity = 2

    def _compiled(self, compiler):
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return end, start, (*end_params, *start_params)

    def as_sql(self, compiler, connection, **extra):
        end, start, params = self._compiled(compiler)
        return f"(CAST({end} AS DATE) - CAST({start} AS DATE))", params

    def as_sqlite(self, compiler, connection, **extra):
        end, start, params = self._compiled(compiler)
        return f"CAST(ROUND(julianday({end}) - julianday({start})) AS INTEGER)", params


# The colour of each reason, for lights computed in SQL (``annotate_lights``).
REASON_COLOURS = {
    "done": GREEN,
    "no_deadline": GREEN,
    "on_schedule": GREEN,
    "overdue": RED,
    "due_soon": YELLOW,
    "behind": YELLOW,
}


def annotate_lights(tasks, plans, today, reported, days=None):
    """``tasks`` (of ``plans``) annotated with ``light_reason`` (a key of REASONS, whose colour
    is REASON_COLOURS[reason]): the same rules as ``light_of``, as one SQL expression, so that
    pages counting thousands of tasks by colour never load them. ``reported`` is an expression
    for the latest percent of the lead unit (tasks.progress.lead_percent)."""
    days = yellow_days() if days is None else days
    starts = {plan.pk: start_of(plan) for plan in plans}
    if not starts:
        return tasks.annotate(light_reason=Value("on_schedule"))
    start = Case(*(When(plan_id=pk, then=Value(day)) for pk, day in starts.items()))
    elapsed = Case(
        *(When(plan_id=pk, then=Value((today - day).days)) for pk, day in starts.items()),
        output_field=IntegerField(),
    )
    percent = Case(
        When(status=Task.Status.COMPLETION_REQUESTED, then=Value(100)),
        default=Coalesce(reported, Value(0)),
        output_field=IntegerField(),
    )
    tasks = tasks.annotate(
        _light_total=DaysBetween(F("deadline"), start),
        _light_behind_by=100 * elapsed - percent * F("_light_total"),
    )
    return tasks.annotate(
        light_reason=Case(
            When(status=Task.Status.DONE, then=Value("done")),
            When(deadline__isnull=True, then=Value("no_deadline")),
            When(deadline__lt=today, then=Value("overdue")),
            When(deadline__lte=today + datetime.timedelta(days=days), then=Value("due_soon")),
            # reported < 100 × elapsed / total, kept in whole numbers.
            When(Q(_light_total__gt=0, _light_behind_by__gt=0), then=Value("behind")),
            default=Value("on_schedule"),
        )
    )


def light_for_reason(reason):
    """The Light of a ``light_reason`` read from the database."""
    return Light(REASON_COLOURS[reason], reason)


def is_overdue(task, today=None):
    """Past its deadline and not done."""
    today = today or timezone.localdate()
    return task.deadline is not None and task.deadline < today and not task.is_done
