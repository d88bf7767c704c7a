"""The lights computed in SQL for the dashboard follow the same rules as
tasks.workspace.lights.light."""

import datetime
import random

import pytest
from django.utils import timezone

from plans.models import Plan, Task
from tasks.models import ProgressReport
from tasks.workspace import lights
from tasks.workspace.progress import lead_percent
from tests import factories

TODAY = datetime.date(2026, 6, 15)


@pytest.mark.parametrize("published", [datetime.date(2026, 2, 1), None])
def test_sql_and_python_lights_agree(db, published):
    rng = random.Random(7)
    plan = factories.PlanFactory(
        status=Plan.Status.PUBLISHED,
        published_at=(
            timezone.make_aware(datetime.datetime.combine(published, datetime.time(9)))
            if published
            else None
        ),
    )
    section = factories.SectionFactory(plan=plan)
    unit = factories.UnitFactory()
    reported = {}
    # Deadlines around every boundary: past, today, within and just beyond the yellow days,
    # before the plan's start, far ahead; every status; percents around expected progress.
    offsets = [-40, -1, 0, 1, 6, 7, 8, 9, 30, 120, 200, -200]
    for n in range(160):
        offset = offsets[n % len(offsets)]
        task = factories.TaskFactory(
            section=section,
            deadline=None if n % 17 == 0 else TODAY + datetime.timedelta(days=offset),
            status=rng.choice(list(Task.Status)),
        )
        if n % 3:
            percent = rng.choice([0, 10, 50, 51, 64, 65, 66, 90, 100])
            ProgressReport.objects.create(
                task=task, unit=unit, role="lead", text="进展", percent=percent
            )
            reported[task.pk] = percent
    coloured = lights.annotate_lights(
        Task.objects.filter(plan=plan), [plan], TODAY, lead_percent(), days=7
    )
    by_sql = dict(coloured.values_list("pk", "light_reason"))
    for task in Task.objects.filter(plan=plan).select_related("plan"):
        expected = lights.light(task, today=TODAY, reported_percent=reported.get(task.pk), days=7)
        assert by_sql[task.pk] == expected.reason, (
            task.deadline,
            task.status,
            reported.get(task.pk),
        )
