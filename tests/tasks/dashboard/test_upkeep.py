"""Keeping the figures: what a refresh costs, the day's lights, the rebuild and the drift check
(commands), what the triggers see, and refreshes racing each other."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan, Task
from tasks.dashboard import upkeep
from tasks.dashboard.board import build
from tasks.dashboard.filters import Filters
from tasks.models import CountedTask, FigureChange, FigureState, SectionCount, UnitCount
from tasks.workspace import workflow
from tests import factories
from tests.concurrency import at_once, postgresql  # noqa: F401 — a fixture
from tests.growth import grow
from tests.tasks.dashboard.reference import recount, summary


def _queries(call):
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def test_nothing_changed_costs_one_query(world):
    upkeep.up_to_date()
    assert not FigureChange.objects.exists()
    assert _queries(upkeep.up_to_date) == 1


def test_a_refresh_runs_the_same_queries_whatever_changed(world):
    upkeep.up_to_date()
    grow(world, tasks=2, reports=True)
    few = _queries(upkeep.up_to_date)
    grow(world, tasks=60, reports=True)
    assert _queries(upkeep.up_to_date) == few
    assert upkeep.drift() == []


@pytest.mark.parametrize("view", [{}, {"unit": "a"}, {"status": "overdue"}])
def test_the_dashboard_runs_the_same_queries_as_tasks_grow(client, world, view):
    query = {"year": 2026, **({"unit": world.unit_a.pk} if "unit" in view else view)}
    client.force_login(world.leader)
    grow(world, tasks=5, reports=True, statuses=tuple(Task.Status))
    client.get(reverse("tasks:dashboard"), query)
    small = _queries(lambda: client.get(reverse("tasks:dashboard"), query))
    grow(world, tasks=200, reports=True, statuses=tuple(Task.Status), plans=2)
    client.get(reverse("tasks:dashboard"), query)
    assert _queries(lambda: client.get(reverse("tasks:dashboard"), query)) == small


def test_another_day_counts_the_lights_of_that_day(world):
    today = timezone.localdate()
    world.task_a.deadline = today
    world.task_a.save()
    upkeep.up_to_date(today)
    assert SectionCount.objects.get(section=world.section).overdue == 0
    tomorrow = today + datetime.timedelta(days=1)
    assert build(world.leader, Filters(), tomorrow).figures.overdue == 1
    assert FigureState.objects.get().as_of == tomorrow
    assert build(world.leader, Filters(), today).figures.overdue == 0


def test_a_new_yellow_setting_counts_again(world, settings):
    """Task A, all done by its report, is green 10 days before its deadline with 7 days of
    yellow, yellow with 10 (task B, nothing reported, is behind either way)."""
    today = timezone.localdate()
    world.task_a.deadline = today + datetime.timedelta(days=10)
    world.task_a.save()
    workflow.report(world.reporter_a, world.task_a, world.unit_a, text="完成", percent=100)
    assert build(world.leader, Filters(), today).figures.lights["yellow"] == 1
    settings.LIGHT_YELLOW_DAYS = 10
    dashboard = build(world.leader, Filters(), today)
    assert FigureState.objects.get().yellow_days == 10
    assert dashboard.figures.lights["yellow"] == 2
    assert summary(dashboard) == recount(world.leader, Filters(), today)


def test_a_plan_deleted_leaves_nothing_counted(world):
    upkeep.up_to_date()
    plan = world.plan
    plan.tasks.all().delete()
    plan.delete()
    assert build(world.leader, Filters(), timezone.localdate()).figures.total == 0
    assert not CountedTask.objects.exists() and not UnitCount.objects.filter(lead__gt=0).exists()
    assert upkeep.drift() == []


def test_a_draft_is_counted_but_not_shown(world):
    draft = factories.PlanFactory(owner=world.propaganda, year=2026)
    factories.TaskFactory(section=factories.SectionFactory(plan=draft))
    assert build(world.leader, Filters(), timezone.localdate()).figures.total == 2
    Plan.objects.filter(pk=draft.pk).update(status=Plan.Status.PUBLISHED)
    assert build(world.leader, Filters(), timezone.localdate()).figures.total == 3


def test_check_finds_drift_and_rebuild_mends_it(world, capsys):
    call_command("check_figures")
    assert "No drift." in capsys.readouterr().out
    SectionCount.objects.filter(section=world.section).update(total=99)
    with pytest.raises(CommandError) as failed:
        call_command("check_figures")
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert f"sections {world.section.pk}: kept (" in out and ", 99, " in out
    with pytest.raises(CommandError):
        call_command("check_figures", "--rebuild")
    call_command("check_figures")
    assert "No drift." in capsys.readouterr().out


def test_check_finds_a_drifted_backlog(world, capsys):
    """The units' tasks not acknowledged (the review queue's) are checked like every figure."""
    upkeep.up_to_date()
    UnitCount.objects.filter(plan=world.plan, unit=world.unit_b).update(not_acknowledged=5)
    with pytest.raises(CommandError):
        call_command("check_figures")
    out = capsys.readouterr().out
    assert f"units ({world.plan.pk}, {world.unit_b.pk}): kept (" in out and ", 5, " in out
    call_command("rebuild_figures")
    assert UnitCount.objects.get(plan=world.plan, unit=world.unit_b).not_acknowledged == 2


def test_rebuild_counts_everything(world, capsys):
    call_command("rebuild_figures")
    assert "Counted 2 tasks into 1 section" in capsys.readouterr().out
    assert FigureState.objects.get().as_of == timezone.localdate()


def test_existing_data_is_counted_by_the_first_refresh(world):
    """The migration leaves a mark of everything when there are tasks already."""
    CountedTask.objects.all().delete()
    FigureChange.objects.all().delete()
    FigureChange.objects.create()
    assert build(world.leader, Filters(), timezone.localdate()).figures.total == 2


def test_the_triggers_mark_what_the_figures_depend_on(world):
    upkeep.up_to_date()
    task = world.task_a
    Task.objects.filter(pk=task.pk).update(title="只改标题")  # not counted: no mark
    assert not FigureChange.objects.exists()
    Task.objects.filter(pk=task.pk).update(status=Task.Status.IN_PROGRESS)
    world.section.parent = factories.SectionFactory(plan=world.plan)
    world.section.save()
    workflow.report(world.reporter_b, task, world.unit_b, text="进展", percent=20)
    marks = set(FigureChange.objects.values_list("task_id", "plan_id", "unit_id"))
    assert {(task.pk, None, None), (None, world.plan.pk, None)} <= marks
    assert (task.pk, None, world.unit_b.pk) in marks
    upkeep.up_to_date()
    workflow.acknowledge(world.reporter_b, world.task_b, world.unit_b)
    marks = set(FigureChange.objects.values_list("task_id", "plan_id", "unit_id"))
    assert marks == {(world.task_b.pk, None, world.unit_b.pk)}


def test_the_refresh_is_in_the_workers_schedule(settings):
    assert settings.CELERY_BEAT_SCHEDULE["dashboard-figures"]["task"] == (
        upkeep.refresh_figures.name
    )


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("postgresql")
def test_refreshes_at_the_same_moment_count_each_change_once(world):
    """Reports on several tasks and dashboards refreshing at once: one refresh at a time
    (the advisory lock), each change taken in once."""
    tasks = grow(world, tasks=6)
    upkeep.up_to_date()

    def work(i):
        if i % 2:
            upkeep.up_to_date()
        else:
            task = tasks[i // 2]
            workflow.report(world.reporter_a, task, world.unit_a, text="进展", percent=10 * i)
            upkeep.up_to_date()

    _results, errors = at_once(8, work)
    assert errors == [None] * 8
    assert upkeep.drift() == []
    today = timezone.localdate()
    assert summary(build(world.leader, Filters(), today)) == recount(world.leader, Filters(), today)


def test_lists_read_a_plan_at_a_time_come_out_in_order(world):
    """The first few overdue and due-soon tasks and the least advanced targets of several
    plans, each plan read apart (PostgreSQL), are those of all the plans together."""
    today = timezone.localdate()
    other = factories.PlanFactory(
        owner=world.unit_c, year=world.plan.year, status=Plan.Status.PUBLISHED
    )
    for n, plan in enumerate([world.plan, other, world.plan, other, other, world.plan] * 2):
        task = factories.TaskFactory(
            section=factories.SectionFactory(plan=plan),
            deadline=today + datetime.timedelta(days=(n * 7) % 40 - 20),
        )
        factories.TargetFactory(task=task, value=10 + n)
    filters = {"year": world.plan.year}
    kept = summary(build(world.leader, Filters(**filters), today, listed=3))
    assert kept == recount(world.leader, Filters(**filters), today, listed=3)
    assert len(kept["overdue"]) == len(kept["due_soon"]) == len(kept["targets"]) == 3
