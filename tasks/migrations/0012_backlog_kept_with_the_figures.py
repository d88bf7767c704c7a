"""The review queue's acknowledgement backlog becomes one of the maintained figures.

Before: ``tasks_acknowledgementbacklog``, a row per plan and unit kept by row triggers of its
own on PostgreSQL only (0011) and read as it was; on SQLite the queue counted every
responsibility. After: ``UnitCount.not_acknowledged``, counted from the counted
responsibilities (``CountedResponsibility.acknowledged``) by the figures' refresh
(tasks.dashboard.upkeep), like every other kept figure; an acknowledgement written, changed or
deleted leaves a mark as every change the figures follow does — the triggers below are written
by 0010's own writers, statement triggers on PostgreSQL and row triggers on SQLite — and the
queue reads the kept count with the marked tasks counted afresh (tasks.workspace.review).

Existing data stays right without a rebuild: the two new columns are counted here from the
rows the figures hold and the acknowledgements as they are (``count_what_is_there``), after the
new triggers are in place, in the migration's transaction. Changes not yet taken in keep their
marks and are read right meanwhile. Where nothing is counted yet (0010 applied on a database
with plans and no refresh since: a mark of everything waits), every task is marked too, so that
the queue counts them from the data until the first refresh. ``manage.py rebuild_figures``
recounts everything at any time.
"""

from importlib import import_module

from django.db import migrations, models

figures = import_module("tasks.migrations.0010_dashboard_figures")
backlog = import_module("tasks.migrations.0011_acknowledgement_backlog")

# table, events, columns whose change matters, (task_id, plan_id, unit_id) of the mark: as in
# 0010's WATCHED.
ACKNOWLEDGEMENTS = (
    "tasks_acknowledgement",
    "IUD",
    ["task_id", "unit_id"],
    ("{r}.task_id", "NULL", "{r}.unit_id"),
)

COUNT = [
    # Leaders' rows have no unit: they stay "not acknowledged" and are never counted.
    "UPDATE tasks_countedresponsibility SET acknowledged = EXISTS ("
    " SELECT 1 FROM tasks_acknowledgement ack"
    " WHERE ack.task_id = tasks_countedresponsibility.task_id"
    " AND ack.unit_id = tasks_countedresponsibility.unit_id"
    ") WHERE unit_id IS NOT NULL",
    "UPDATE tasks_unitcount SET not_acknowledged = ("
    " SELECT COUNT(*) FROM tasks_countedresponsibility part"
    " WHERE part.plan_id = tasks_unitcount.plan_id AND part.unit_id = tasks_unitcount.unit_id"
    " AND part.role IN ('lead', 'supporting') AND NOT part.acknowledged"
    ")",
]


# The kept rows and the marks must describe the data together (tasks.models.figures.marked):
# a mark of everything alone does not say which tasks the kept rows lack.
MARK_EVERY_TASK = (
    "INSERT INTO tasks_figurechange (task_id, plan_id, unit_id) SELECT id, NULL, NULL"
    " FROM plans_task WHERE EXISTS ("
    " SELECT 1 FROM tasks_figurechange WHERE task_id IS NULL AND plan_id IS NULL)"
)


def count_what_is_there(apps, schema_editor):
    """The new columns counted from what the figures hold: each counted unit's part
    acknowledged or not, then each plan and unit's parts not acknowledged; every task marked
    if nothing is counted yet."""
    with schema_editor.connection.cursor() as cursor:
        for statement in [*COUNT, MARK_EVERY_TASK]:
            cursor.execute(statement)


# The marks are a queue, emptied by every refresh, and the review queue now reads them on every
# view. Without index cleanup, vacuum may leave the dead line pointers of a bulk change's marks
# (it skips the index pass when they are few of the table's pages) and so never gives the empty
# pages back: every read of the marks then scans them (35 MB after seeding 100,000 tasks,
# 8-30 ms a scan). With it, autovacuum truncates the table to what is waiting.
KEEP_THE_MARKS_SMALL = "ALTER TABLE tasks_figurechange SET (vacuum_index_cleanup = on)"


def watch_acknowledgements(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise RuntimeError(f"The maintained figures need triggers written for {vendor}.")
    write = figures._postgresql if vendor == "postgresql" else figures._sqlite
    for statement in write(*ACKNOWLEDGEMENTS):
        schema_editor.execute(statement)
    if vendor == "postgresql":
        schema_editor.execute(KEEP_THE_MARKS_SMALL)
    count_what_is_there(apps, schema_editor)


def unwatch_acknowledgements(apps, schema_editor):
    table = ACKNOWLEDGEMENTS[0]
    postgresql = schema_editor.connection.vendor == "postgresql"
    for event in ACKNOWLEDGEMENTS[1]:
        name = f"figures_mark_{table}_{event.lower()}"
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgresql else "")
        )
    if postgresql:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS figures_mark_{table}()")
        schema_editor.execute("ALTER TABLE tasks_figurechange RESET (vacuum_index_cleanup)")


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0011_acknowledgement_backlog"),
    ]

    operations = [
        # Backwards, 0011's triggers come back and count its table afresh from the data.
        migrations.RunPython(backlog.uninstall, backlog.install),
        migrations.DeleteModel(name="AcknowledgementBacklog"),
        migrations.AddField(
            model_name="countedresponsibility",
            name="acknowledged",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="unitcount",
            name="not_acknowledged",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="unitcount",
            index=models.Index(
                condition=models.Q(("not_acknowledged__gt", 0)),
                fields=["plan", "unit", "not_acknowledged"],
                name="unit_count_not_acknowledged",
            ),
        ),
        migrations.RunPython(watch_acknowledgements, unwatch_acknowledgements),
    ]
