"""Growing the world, for the tests that count SQL queries at two sizes (and the few others that
need more of the same): ``grow(world, tasks=40)``, ``grow(world, units=20)``…

A grown task is what a plan's task usually is: in a section of five tasks (alternately in the
section and in its subsection), led by unit A and supported by unit B, with a responsible leader
and a target, due on a day of the plan's year. The options add what a page shows or change it.
"""

import datetime

from django.utils import timezone

from plans import audit as audit_trail
from plans.models import AuditEntry, Plan, Responsibility, Task, Unit, User
from plans.organisation import recorded
from tasks.models import Acknowledgement, Attachment, ProgressReport, TargetFigure, UnitChannel
from tasks.workspace import workflow
from tests import factories

SPREAD = object()  # deadlines from 1 January of the plan's year, a day apart
LEAD, SUPPORTING, LEADER = (
    Responsibility.Role.LEAD,
    Responsibility.Role.SUPPORTING,
    Responsibility.Role.LEADER,
)


def grow(
    world,
    *,
    tasks=0,
    units=0,
    plans=0,
    history=0,
    changes=0,
    plan=None,
    deadline=SPREAD,
    statuses=(Task.Status.NOT_STARTED,),
    lead=None,
    supporting=None,
    leader=True,
    reports=False,
    acknowledged=False,
    requests=False,
    audit=False,
    robots=False,
):
    """Add to ``world`` and return the tasks added.

    tasks: that many tasks in ``plan`` (the world's plan unless given), in new sections.
      deadline: a date (or None) for all of them instead of SPREAD.
      statuses: taken in turn, task after task.
      lead, supporting: units; task n is led by lead[n % len(lead)] (unit A unless given) and
        supported by the units of ``supporting`` (unit B unless given) other than its lead.
      leader: a Leader responsible for every task, True for a new one, None for none.
      reports: a progress report by the lead unit on each task.
      acknowledged: the lead unit has acknowledged each task.
      requests: reporter A asks, for unit A, to close or else to extend each task in turn.
      audit: an audit entry by the planner on each task.
    units: that many more units of the federation, with a reporter each (and a robot each if
      ``robots``).
    plans: that many earlier plans of the federation (last year's first, then the three years
      before), archived, each of another department and with one task.
    history: that many progress reports by unit A on task A, each with a figure for the world's
      target, a link, an attachment and an audit entry, and that many more targets of task A.
    changes: that many more units of the federation, each with a person, their creation, a
      change of each and a password reset recorded in the organisation's change log.
    """
    grown = _tasks(
        world,
        tasks,
        plan=plan or world.plan,
        deadline=deadline,
        statuses=statuses,
        lead=lead or [world.unit_a],
        supporting=[world.unit_b] if supporting is None else supporting,
        leader=leader,
        reports=reports,
        acknowledged=acknowledged,
        requests=requests,
        audit=audit,
    )
    _units(world, units, robots=robots)
    _plans(world, plans)
    _history(world, history)
    _changes(world, changes)
    return grown


def _tasks(world, count, *, plan, deadline, statuses, lead, supporting, leader, **extras):
    if count and leader is True:
        leader = factories.LeaderFactory(federation=world.federation)
    first_day = datetime.date(plan.year, 1, 1)
    grown = []
    for n in range(count):
        if n % 5 == 0:
            section = factories.SectionFactory(plan=plan, title=f"部分{n}")
            subsection = factories.SectionFactory(
                plan=plan, parent=section, label="（一）", title=f"小节{n}"
            )
        task = factories.TaskFactory(
            section=subsection if n % 2 else section,
            deadline=first_day + datetime.timedelta(days=n % 365)
            if deadline is SPREAD
            else deadline,
            status=statuses[n % len(statuses)],
        )
        lead_unit = lead[n % len(lead)]
        if leader:
            factories.ResponsibilityFactory(task=task, role=LEADER, unit=None, leader=leader)
        factories.ResponsibilityFactory(task=task, role=LEAD, unit=lead_unit)
        for unit in supporting:
            if unit != lead_unit:
                factories.ResponsibilityFactory(task=task, role=SUPPORTING, unit=unit)
        factories.TargetFactory(task=task)
        _task_extras(world, task, n, lead_unit, **extras)
        grown.append(task)
    return grown


def _task_extras(world, task, n, lead_unit, *, reports, acknowledged, requests, audit):
    if reports:
        ProgressReport.objects.create(
            task=task, unit=lead_unit, role=LEAD, text=f"进展{n}", percent=n % 100
        )
    if acknowledged:
        Acknowledgement.objects.create(task=task, unit=lead_unit)
    if requests:
        if n % 2:
            workflow.request_completion(world.reporter_a, task, world.unit_a, f"完成{n}")
        else:
            later = max(task.deadline, timezone.localdate()) + datetime.timedelta(days=9)
            workflow.request_extension(
                world.reporter_a, task, world.unit_a, proposed_deadline=later, reason=f"理由{n}"
            )
    if audit:
        audit_trail.record(world.planner, "task.update", task=task, summary="变更")


def _units(world, count, *, robots):
    for _n in range(count):
        unit = factories.UnitFactory(parent=world.federation)
        factories.UserFactory(role=User.Role.REPORTER, unit=unit)
        if robots:
            UnitChannel.objects.create(
                unit=unit,
                kind="wecom",
                config={"webhook": "http://127.0.0.1:9/cgi-bin/webhook/send?key=k"},
            )


def _plans(world, count):
    for n in range(count):
        department = factories.UnitFactory(kind=Unit.Kind.DEPARTMENT, parent=world.federation)
        plan = factories.PlanFactory(
            owner=department, year=world.plan.year - 1 - n % 4, status=Plan.Status.ARCHIVED
        )
        factories.TaskFactory(section=factories.SectionFactory(plan=plan))


def _changes(world, count):
    planner, federation = world.planner, world.federation
    for n in range(count):
        unit = factories.UnitFactory(parent=federation)
        recorded.unit_saved(planner, federation, unit, None)
        before = recorded.unit_values(unit)
        unit.order = n + 1
        unit.save()
        recorded.unit_saved(planner, federation, unit, before)
        user = factories.UserFactory(unit=unit, first_name=f"成员{n}")
        recorded.person_saved(planner, federation, user, None, password=recorded.Password.INITIAL)
        before = recorded.person_values(user)
        user.role = User.Role.LEADER
        user.save()
        recorded.person_saved(planner, federation, user, before)
        recorded.person_event(
            planner, user, recorded.PASSWORD_RESET, after={"password": recorded.Password.INITIAL}
        )


def _history(world, count):
    task, unit, reporter = world.task_a, world.unit_a, world.reporter_a
    target = getattr(world, "target", None) or factories.TargetFactory(task=task)
    for n in range(count):
        report = ProgressReport.objects.create(
            task=task, unit=unit, role=LEAD, author=reporter, text=f"第{n}次进展", percent=50
        )
        TargetFigure.objects.create(report=report, target=target, unit=unit, value=n)
        report.links.create(url=f"https://example.cn/{n}", title=f"报道{n}")
        Attachment.objects.create(
            report=report,
            file=f"reports/x{n}.png",
            original_name=f"{n}.png",
            kind="png",
            content_type="image/png",
            size=10,
        )
        AuditEntry.objects.create(
            plan=task.plan, task=task, user=reporter, action=workflow.REPORTED, summary="x"
        )
    for n in range(count):
        factories.TargetFactory(task=task, text=f"指标{n}", value=n + 1)
