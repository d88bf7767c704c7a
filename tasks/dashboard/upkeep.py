"""Keeping the maintained figures (tasks.models.figures: the dashboard's, and the review
queue's tasks not acknowledged) true: take in what changed, count the day's lights, rebuild
everything, find drift.

Database triggers mark every change (a ``FigureChange`` row, in the change's transaction).
``up_to_date`` — run by every dashboard before it reads, and every minute by the worker —
claims the marks, works out afresh what the changed tasks count for (tasks.dashboard.tally)
and counts again the sums those tasks were and are part of (tasks.dashboard.sums): their
top-level sections, their plans' units, their plans' weeks. Sums are counted on the day of
``FigureState.as_of``; on another day (after midnight, or a dashboard asked for another date)
they are counted again for it. So the dashboard is never stale: it reads what every committed
change made of the figures, on its own day.

One refresh runs at a time (a PostgreSQL advisory lock; SQLite writes one at a time anyway) and
claims the marks it takes in by deleting them: a change committed while it runs leaves a mark
for the next one.
"""

import io

from celery import shared_task
from django.db import connection, transaction
from django.db.models import Exists, Q
from django.utils import timezone

from plans.models import Task
from tasks.dashboard import sums
from tasks.dashboard.figures import ids
from tasks.dashboard.tally import COUNTED_COLUMNS, TOTAL_COLUMNS, responsibilities, tally
from tasks.models import (
    CountedResponsibility,
    CountedTask,
    FigureChange,
    FigureState,
    ProgressReport,
    SectionCount,
    TargetTotal,
    UnitCount,
    WeekCount,
)
from tasks.workspace import lights

# Marks taken in at once (a mark is three numbers; several marks name the same task); past
# this, a refresh goes on in batches of it, and it keeps SQLite's IN lists within its limit.
MARKS = 20000
# Rows a statement when inserting without COPY (SQLite).
BATCH = 2000
ADVISORY_LOCK = 0x5F16  # any number of ours: "the figures' refresh"
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
MAINTAINED = (
    CountedResponsibility,
    TargetTotal,
    CountedTask,
    SectionCount,
    UnitCount,
    WeekCount,
)


def up_to_date(today=None, days=None):
    """Bring the figures up to date for ``today`` (default: the local date) and ``days`` of
    yellow (default: LIGHT_YELLOW_DAYS). One query when nothing changed since the last time."""
    today = today or timezone.localdate()
    days = lights.yellow_days() if days is None else days
    state = FigureState.objects.annotate(pending=Exists(FigureChange.objects.all())).first()
    if state and not state.pending and (state.as_of, state.yellow_days) == (today, days):
        return
    with transaction.atomic():
        _lock()
        state = FigureState.objects.first()
        current = state is not None and (state.as_of, state.yellow_days) == (today, days)
        recount = not current
        while marks := _claim(MARKS):
            # Sums counted again for all at the end need no counting for some now.
            recount |= _take_in(marks, None if recount else (state.as_of, state.yellow_days))
        if recount:
            _count_sections(today, days)
            _count_units(today)
            _count_weeks()
            FigureState.objects.all().delete()
            FigureState.objects.create(as_of=today, yellow_days=days)


def rebuild(today=None, days=None):
    """Count everything afresh from the data, whatever was kept: after a restore, or when
    ``drift`` finds a difference."""
    with transaction.atomic():
        _lock()
        # "Everything", on top of the marks waiting: until it is taken in, the kept rows and
        # the marks still describe the data for the readers that count marked tasks afresh
        # (tasks.models.figures.marked).
        FigureChange.objects.create()
        FigureState.objects.all().delete()
    up_to_date(today, days)


def _lock():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])


def _claim(limit):
    """Up to ``limit`` marks, oldest first, deleted: (task_id, plan_id, unit_id) rows."""
    table = FigureChange._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} ORDER BY id LIMIT %s) "
            "RETURNING task_id, plan_id, unit_id",
            [limit],
        )
        return cursor.fetchall()


def _take_in(marks, counted_on):
    """Count again the tasks ``marks`` name and, when ``counted_on`` is (day, days), the sums
    they were and are part of. Returns True when everything must be counted again (a mark of
    everything, or sums not of this day)."""
    if any(task is None and plan is None for task, plan, _unit in marks):
        _replace(None)
        return True
    task_ids = {task for task, _plan, _unit in marks if task is not None}
    plan_ids = {plan for _task, plan, _unit in marks if plan is not None}
    named = Q(pk__in=ids(task_ids)) | Q(plan_id__in=ids(plan_ids))
    changed = set(
        Task.objects.filter(named)
        .order_by()
        .values_list("pk", flat=True)
        .union(CountedTask.objects.filter(named).order_by().values_list("pk", flat=True))
    )
    before = _keys(changed)
    _replace(changed)
    if counted_on is None:
        return True
    after = _keys(changed)
    roots, plans, units = (b | a for b, a in zip(before, after, strict=True))
    units |= {unit for _task, _plan, unit in marks if unit is not None}
    day, days = counted_on
    _count_sections(day, days, roots)
    _count_units(day, plans, units)
    _count_weeks(plans)
    return False


def _keys(task_ids):
    """The sums the counted ``task_ids`` are part of: (top-level sections, plans, units)."""
    rows = CountedTask.objects.filter(pk__in=ids(task_ids)).values_list("section_id", "plan_id")
    units = CountedResponsibility.objects.filter(task_id__in=ids(task_ids), unit__isnull=False)
    return (
        {section for section, _plan in rows},
        {plan for _section, plan in rows},
        set(units.values_list("unit_id", flat=True)),
    )


def _replace(task_ids):
    """Replace the counted rows of ``task_ids`` (None: of every task) with ``tally``'s."""
    counted, totals = tally(task_ids)
    for model in (CountedResponsibility, TargetTotal, CountedTask):
        rows = model.objects.all()
        if task_ids is not None:
            rows = rows.filter(task_id__in=ids(task_ids))
        rows.delete()
    _insert_values(CountedTask, COUNTED_COLUMNS, counted)
    _insert_values(TargetTotal, TOTAL_COLUMNS, totals)
    _insert(CountedResponsibility, responsibilities(task_ids))


def _insert_values(model, columns, rows):
    """INSERT ``rows`` (tuples of ``columns``: ints, strings, dates, decimals, None) into
    ``model``'s table: with COPY on PostgreSQL (a rebuild writes a row per task), else BATCH
    rows a statement."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(model._meta.get_field(column).column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text = io.StringIO("".join(_copy_line(row) for row in rows))
            cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", text)
            return
        one = "(" + ", ".join("%s" for _column in columns) + ")"
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES " + ", ".join(one for _row in batch),
                [value for row in batch for value in row],
            )


def _copy_line(row):
    """A row in COPY's text format: tabs between values, \\N for NULL."""
    return "\t".join(_copy_value(value) for value in row) + "\n"


def _copy_value(value):
    if value is None:
        return r"\N"
    if isinstance(value, str):
        return value.translate(COPY_ESCAPES)
    return str(value)


def _count_sections(day, days, roots=None):
    counted, kept = CountedTask.objects.all(), SectionCount.objects.all()
    if roots is not None:
        counted = counted.filter(section_id__in=ids(roots))
        kept = kept.filter(section_id__in=ids(roots))
    kept.delete()
    _insert(SectionCount, sums.sections(counted, day, days))


def _count_units(day, plans=None, units=None):
    parts = CountedResponsibility.objects.filter(unit__isnull=False)
    reports, kept = ProgressReport.objects.all(), UnitCount.objects.all()
    if plans is not None:
        parts = parts.filter(plan_id__in=ids(plans), unit_id__in=ids(units))
        reports = reports.filter(task__plan_id__in=ids(plans), unit_id__in=ids(units))
        kept = kept.filter(plan_id__in=ids(plans), unit_id__in=ids(units))
    kept.delete()
    _insert(UnitCount, sums.units(parts, day, kept=True))
    # A unit's last report counts in every plan it reported in, responsible there or not.
    _insert(
        UnitCount,
        sums.last_reports(reports),
        columns={"last": "last_report"},
        upsert="last_report",
    )


def _count_weeks(plans=None):
    counted, kept = CountedTask.objects.all(), WeekCount.objects.all()
    if plans is not None:
        counted = counted.filter(plan_id__in=ids(plans))
        kept = kept.filter(plan_id__in=ids(plans))
    kept.delete()
    for kind in ("done", "due"):
        _insert(WeekCount, sums.weeks(counted, kind))


def _insert(model, queryset, columns=None, upsert=None):
    """INSERT the rows of ``queryset`` (a values() query) into ``model``'s table within the
    database. ``columns`` maps the query's names to the model's fields where they differ;
    counts the query lacks are 0. ``upsert`` names the column a conflict on (plan, unit)
    updates."""
    columns = columns or {}
    names = [*queryset.query.values_select, *queryset.query.annotation_select]
    fields = [model._meta.get_field(columns.get(name, name)) for name in names]
    zeros = [
        field
        for field in model._meta.concrete_fields
        if field not in fields and not field.primary_key and field.has_default()
    ]
    quote = connection.ops.quote_name
    sql, params = queryset.query.sql_with_params()
    statement = "INSERT INTO {table} ({target}) SELECT {selected} FROM ({sql}) s".format(
        table=quote(model._meta.db_table),
        target=", ".join(quote(field.column) for field in [*fields, *zeros]),
        selected=", ".join([*(f"s.{quote(name)}" for name in names), *("0" for _z in zeros)]),
        sql=sql,
    )
    if upsert:
        # "WHERE true": SQLite would otherwise read ON CONFLICT as a join's ON.
        statement += (
            f" WHERE true ON CONFLICT (plan_id, unit_id) DO UPDATE SET "
            f"{quote(upsert)} = excluded.{quote(upsert)}"
        )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def snapshot():
    """Everything kept, as comparable values: table → {key: row}."""
    return {
        "counted tasks": {
            row[0]: row[1:]
            for row in CountedTask.objects.values_list(
                "task_id",
                "plan_id",
                "section_id",
                "status",
                "deadline",
                "order",
                "completed_on",
                "behind_from",
            )
        },
        "responsibilities": _counter(
            CountedResponsibility.objects.values_list(
                "task_id", "plan_id", "role", "unit_id", "leader_id", "acknowledged"
            )
        ),
        "targets": {
            row[0]: row[1:]
            for row in TargetTotal.objects.values_list(
                "target_id", "task_id", "plan_id", "value", "reached", "percent"
            )
        },
        "sections": {
            row[0]: row[1:]
            for row in SectionCount.objects.values_list(
                "section_id", "plan_id", *sums.SECTION_FIGURES
            )
        },
        "units": {
            row[:2]: row[2:]
            for row in UnitCount.objects.values_list(
                "plan_id", "unit_id", *sums.UNIT_FIGURES, "not_acknowledged", "last_report"
            )
        },
        "weeks": {
            row[:4]: row[4]
            for row in WeekCount.objects.values_list("plan_id", "kind", "iso_year", "week", "tasks")
        },
    }


def _counter(rows):
    counts = {}
    for row in rows:
        counts[row] = counts.get(row, 0) + 1
    return counts


def drift(today=None, days=None, examples=5):
    """What the kept figures get wrong: [(table, key, kept, counted afresh)], at most
    ``examples`` per table; empty when they are right. Changes not yet taken in are taken in
    first; the fresh count is made in a savepoint and rolled back."""
    up_to_date(today, days)
    with transaction.atomic():
        _lock()
        kept = snapshot()
        with transaction.atomic():
            rollback = transaction.savepoint()
            for model in MAINTAINED:
                model.objects.all().delete()
            FigureState.objects.all().delete()
            FigureChange.objects.create()
            up_to_date(today, days)
            fresh = snapshot()
            transaction.savepoint_rollback(rollback)
    found = []
    for table, rows in fresh.items():
        differing = [
            (table, key, kept[table].get(key), rows.get(key))
            for key in sorted(set(rows) | set(kept[table]), key=repr)
            if rows.get(key) != kept[table].get(key)
        ]
        found += differing[:examples]
    return found


@shared_task(name="tasks.tasks.refresh_figures")
def refresh_figures():
    """Every minute (beat): take in what changed, so that a dashboard rarely has to."""
    up_to_date()
