"""The acknowledgement backlog: per plan and unit, the tasks the unit leads or supports and
has not acknowledged, kept current by PostgreSQL triggers (docs/performance.md, "The review
queue"). Every write to responsibilities and acknowledgements adds or removes one, in its own
transaction, whatever makes it (services, bulk inserts, Django's cascades, the admin); a
plan's rows go with the plan. Other databases have no triggers: the review queue counts
directly there (tasks.workspace.review)."""

import django.db.models.deletion
from django.db import migrations, models


UNIT_ROLES = "('lead', 'supporting')"

INSTALL = f"""
CREATE FUNCTION tasks_backlog_add(p_task bigint, p_unit bigint, p_delta integer)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO tasks_acknowledgementbacklog (plan_id, unit_id, count)
    SELECT task.plan_id, p_unit, p_delta FROM plans_task task WHERE task.id = p_task
    ON CONFLICT (plan_id, unit_id)
    DO UPDATE SET count = tasks_acknowledgementbacklog.count + EXCLUDED.count;
$$;

-- A unit's responsibility counts while the unit has not acknowledged the task.
CREATE FUNCTION tasks_backlog_responsibility() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.role IN {UNIT_ROLES} AND NOT EXISTS (
        SELECT 1 FROM tasks_acknowledgement ack
        WHERE ack.task_id = OLD.task_id AND ack.unit_id = OLD.unit_id
    ) THEN
        PERFORM tasks_backlog_add(OLD.task_id, OLD.unit_id, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.role IN {UNIT_ROLES} AND NOT EXISTS (
        SELECT 1 FROM tasks_acknowledgement ack
        WHERE ack.task_id = NEW.task_id AND ack.unit_id = NEW.unit_id
    ) THEN
        PERFORM tasks_backlog_add(NEW.task_id, NEW.unit_id, 1);
    END IF;
    RETURN NULL;
END $$;

-- An acknowledgement takes one off while the unit is responsible for the task.
CREATE FUNCTION tasks_backlog_acknowledgement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND EXISTS (
        SELECT 1 FROM plans_responsibility r
        WHERE r.task_id = OLD.task_id AND r.unit_id = OLD.unit_id AND r.role IN {UNIT_ROLES}
    ) THEN
        PERFORM tasks_backlog_add(OLD.task_id, OLD.unit_id, 1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
        SELECT 1 FROM plans_responsibility r
        WHERE r.task_id = NEW.task_id AND r.unit_id = NEW.unit_id AND r.role IN {UNIT_ROLES}
    ) THEN
        PERFORM tasks_backlog_add(NEW.task_id, NEW.unit_id, -1);
    END IF;
    RETURN NULL;
END $$;

-- Django deletes a plan's tasks (and their rows) before the plan: whatever they left goes.
CREATE FUNCTION tasks_backlog_plan_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM tasks_acknowledgementbacklog WHERE plan_id = OLD.id;
    RETURN NULL;
END $$;

CREATE TRIGGER tasks_backlog_responsibility
AFTER INSERT OR DELETE OR UPDATE OF task_id, unit_id, role ON plans_responsibility
FOR EACH ROW EXECUTE FUNCTION tasks_backlog_responsibility();

CREATE TRIGGER tasks_backlog_acknowledgement
AFTER INSERT OR DELETE OR UPDATE OF task_id, unit_id ON tasks_acknowledgement
FOR EACH ROW EXECUTE FUNCTION tasks_backlog_acknowledgement();

CREATE TRIGGER tasks_backlog_plan_deleted
AFTER DELETE ON plans_plan
FOR EACH ROW EXECUTE FUNCTION tasks_backlog_plan_deleted();

INSERT INTO tasks_acknowledgementbacklog (plan_id, unit_id, count)
SELECT task.plan_id, r.unit_id, count(*)
FROM plans_responsibility r JOIN plans_task task ON task.id = r.task_id
WHERE r.role IN {UNIT_ROLES} AND NOT EXISTS (
    SELECT 1 FROM tasks_acknowledgement ack
    WHERE ack.task_id = r.task_id AND ack.unit_id = r.unit_id
)
GROUP BY task.plan_id, r.unit_id;
"""

UNINSTALL = """
DROP TRIGGER IF EXISTS tasks_backlog_plan_deleted ON plans_plan;
DROP TRIGGER IF EXISTS tasks_backlog_acknowledgement ON tasks_acknowledgement;
DROP TRIGGER IF EXISTS tasks_backlog_responsibility ON plans_responsibility;
DROP FUNCTION IF EXISTS tasks_backlog_plan_deleted();
DROP FUNCTION IF EXISTS tasks_backlog_acknowledgement();
DROP FUNCTION IF EXISTS tasks_backlog_responsibility();
DROP FUNCTION IF EXISTS tasks_backlog_add(bigint, bigint, integer);
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INSTALL)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNINSTALL)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_unit_phones_user_directory_account"),
        ("tasks", "0010_dashboard_figures"),
    ]

    operations = [
        migrations.CreateModel(
            name="AcknowledgementBacklog",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("count", models.IntegerField(default=0, verbose_name="tasks not acknowledged")),
                (
                    "plan",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="plans.plan",
                        verbose_name="plan",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="plans.unit",
                        verbose_name="unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "acknowledgement backlog",
                "verbose_name_plural": "acknowledgement backlogs",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("plan", "unit"), name="backlog_once_per_plan_unit"
                    )
                ],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
