"""The maintained figures: what each task counts for, and the sums the dashboard and the
review queue read instead of counting every task (see docs/dashboard.md, "Maintained figures").

Database triggers (migrations ``tasks.0010_dashboard_figures`` and
``tasks.0012_backlog_kept_with_the_figures``) write a ``FigureChange`` for every change of a
task, its section tree, its plan's start, its responsibilities, its acknowledgements, its
reports, its targets and their figures, in the transaction of the change;
``tasks.dashboard.upkeep`` brings the rows below up to date from those marks before the
dashboard reads them. Nothing here is entered by people: every row can be rebuilt
(``manage.py rebuild_figures``).

The relations are declared without database constraints: a counted row outlives the task it
counted until the next refresh removes it, and the triggers must never block a deletion.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

UNCONSTRAINED = {"on_delete": models.DO_NOTHING, "db_constraint": False, "related_name": "+"}


class CountedTask(models.Model):
    """A task as the dashboard counts it, with the days its light turns on: ``behind_from`` is
    the first day it is behind expected progress (tasks.workspace.lights.behind_from), from
    the latest percent of its lead unit and its plan's start."""

    task = models.OneToOneField(
        "plans.Task",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="counted",
    )
    # Indexed with the section below.
    plan = models.ForeignKey("plans.Plan", db_index=False, **UNCONSTRAINED)
    # The top-level section the task is in (the dashboard's rows by section).
    section = models.ForeignKey("plans.Section", **UNCONSTRAINED)
    status = models.CharField(max_length=30)
    deadline = models.DateField(null=True)
    # The task's place in its plan: the lists order by deadline, then by it.
    order = models.PositiveIntegerField(default=0)
    # The local (Asia/Shanghai) day a done task was accepted.
    completed_on = models.DateField(null=True)
    behind_from = models.DateField(null=True)

    class Meta:
        verbose_name = _("counted task")
        verbose_name_plural = _("counted tasks")
        indexes = [
            models.Index(fields=["plan", "section"], name="counted_plan_section_idx"),
            # The overdue and due-soon lists: a plan's open tasks by deadline, the first 50
            # (a plan at a time: by deadline alone, the walk passes every year's open tasks).
            models.Index(
                fields=["plan", "deadline", "order", "task"],
                condition=~Q(status="done"),
                name="counted_open_deadline_idx",
            ),
        ]

    def __str__(self):
        return f"{self.task_id}: {self.status}"


class CountedResponsibility(models.Model):
    """A unit (lead or supporting) or a responsible leader of a counted task, as counted, and
    whether the unit had acknowledged the task."""

    task = models.ForeignKey(
        CountedTask, on_delete=models.DO_NOTHING, db_constraint=False, related_name="parts"
    )
    # Indexed after the unit and after the leader (the unit and leader filters).
    plan = models.ForeignKey("plans.Plan", db_index=False, **UNCONSTRAINED)
    role = models.CharField(max_length=20)
    unit = models.ForeignKey("plans.Unit", null=True, db_index=False, **UNCONSTRAINED)
    leader = models.ForeignKey("plans.Leader", null=True, db_index=False, **UNCONSTRAINED)
    acknowledged = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("counted responsibility")
        verbose_name_plural = _("counted responsibilities")
        indexes = [
            models.Index(fields=["unit", "plan"], name="counted_part_unit_idx"),
            models.Index(fields=["leader", "plan"], name="counted_part_leader_idx"),
        ]

    def __str__(self):
        return f"{self.task_id}: {self.role}"


class SectionCount(models.Model):
    """The figures of a top-level section's tasks on ``FigureState.as_of``."""

    plan = models.ForeignKey("plans.Plan", **UNCONSTRAINED)
    section = models.OneToOneField(
        "plans.Section",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    no_deadline = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    due_soon = models.PositiveIntegerField(default=0)
    green = models.PositiveIntegerField(default=0)
    yellow = models.PositiveIntegerField(default=0)
    red = models.PositiveIntegerField(default=0)
    # Done by the same day a year earlier: next year's dashboard compares with it.
    done_by_year_ago = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("section count")
        verbose_name_plural = _("section counts")

    def __str__(self):
        return f"{self.section_id}: {self.done}/{self.total}"


class UnitCount(models.Model):
    """A unit's part in a plan on ``FigureState.as_of``: the tasks it leads or supports, how
    many are done (on time) or overdue, how many it has not acknowledged (the review queue's
    backlog: ``marked`` says how to read it at once), and its last report on any task of
    the plan."""

    plan = models.ForeignKey("plans.Plan", db_index=False, **UNCONSTRAINED)
    unit = models.ForeignKey("plans.Unit", db_index=False, **UNCONSTRAINED)
    lead = models.PositiveIntegerField(default=0)
    supporting = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    not_acknowledged = models.PositiveIntegerField(default=0)
    last_report = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("unit count")
        verbose_name_plural = _("unit counts")
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="unit_count_once_per_plan")
        ]
        indexes = [
            # The review queue's read: the visible plans' units with tasks not acknowledged,
            # from the index alone (the table is rewritten by every day's count and grows
            # several times its rows' size between vacuums).
            models.Index(
                fields=["plan", "unit", "not_acknowledged"],
                condition=Q(not_acknowledged__gt=0),
                name="unit_count_not_acknowledged",
            )
        ]

    def __str__(self):
        return f"{self.plan_id}/{self.unit_id}: {self.done}/{self.lead + self.supporting}"


class WeekCount(models.Model):
    """How many of a plan's tasks were done (``kind`` "done") or fall due ("due") in one ISO
    week: the dashboard's trend. Not a matter of the day: never rolled."""

    plan = models.ForeignKey("plans.Plan", db_index=False, **UNCONSTRAINED)
    kind = models.CharField(max_length=4)
    iso_year = models.PositiveSmallIntegerField()
    week = models.PositiveSmallIntegerField()
    tasks = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("week count")
        verbose_name_plural = _("week counts")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "iso_year", "week"], name="week_count_once"
            )
        ]

    def __str__(self):
        return f"{self.plan_id} {self.kind} {self.iso_year}-W{self.week}: {self.tasks}"


class TargetTotal(models.Model):
    """A target with what the units reached together (the sum of each unit's latest figure)
    and the share of it, the dashboard's order of targets."""

    target = models.OneToOneField(
        "plans.Target",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    task = models.ForeignKey(CountedTask, **UNCONSTRAINED)
    plan = models.ForeignKey("plans.Plan", db_index=False, **UNCONSTRAINED)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    reached = models.DecimalField(max_digits=20, decimal_places=2)
    percent = models.IntegerField()

    class Meta:
        verbose_name = _("target total")
        verbose_name_plural = _("target totals")
        indexes = [
            models.Index(fields=["plan", "percent", "target"], name="target_total_order_idx"),
        ]

    def __str__(self):
        return f"{self.target_id}: {self.reached}/{self.value}"


class FigureChange(models.Model):
    """Something the figures must take in, written by the triggers: a task (``task_id``), all
    of a plan's tasks (``plan_id``: its start or section tree changed) or everything (both
    empty: rebuild, added to the other marks, never replacing them: see ``marked``);
    ``unit_id`` names a unit whose report or acknowledgement changed."""

    task_id = models.BigIntegerField(null=True)
    plan_id = models.BigIntegerField(null=True)
    unit_id = models.BigIntegerField(null=True)

    class Meta:
        verbose_name = _("figure change")
        verbose_name_plural = _("figure changes")

    def __str__(self):
        return f"task {self.task_id}, plan {self.plan_id}, unit {self.unit_id}"


class FigureState(models.Model):
    """The one row saying which day the time-dependent counts are of (``as_of``) and with how
    many days of yellow before a deadline (``LIGHT_YELLOW_DAYS`` then)."""

    as_of = models.DateField()
    yellow_days = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("figure state")
        verbose_name_plural = _("figure states")

    def __str__(self):
        return f"{self.as_of} ({self.yellow_days})"


class _Marked(models.Func):
    """True where the field (a task's id) names a task with a mark waiting. On PostgreSQL the
    marks are compared as an array (``= ANY(ARRAY(...))``), so that the field's index is read
    whatever the planner guesses of the marks: as a join, a guess of thousands of marks (the
    table's pages after a bulk change) turns it into a scan of every row."""

    arity = 1
    output_field = models.BooleanField()

    def _marks(self):
        return f"SELECT task_id FROM {FigureChange._meta.db_table} WHERE task_id IS NOT NULL"

    def as_sql(self, compiler, connection, **extra_context):
        field, params = compiler.compile(self.source_expressions[0])
        return f"{field} IN ({self._marks()})", params

    def as_postgresql(self, compiler, connection, **extra_context):
        field, params = compiler.compile(self.source_expressions[0])
        return f"{field} = ANY(ARRAY({self._marks()}))", params


def marked(task="task_id"):
    """A condition on rows whose task (the field ``task``) has changes the kept rows do not
    hold yet.

    The kept rows and the marks together always describe the data: the kept rows as of the
    last refresh, the marks what changed since (a mark of everything comes on top of them,
    never instead). So a reader that cannot wait for a refresh reads a kept sum without the
    counted rows of the marked tasks and counts those tasks from the data instead, in one
    query (tasks.workspace.review). A refresh deletes the marks it takes in and writes the
    kept rows in one transaction: that query sees both before it or both after it."""
    return _Marked(F(task))
