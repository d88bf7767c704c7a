"""The sweep decides what is due on a working day (tasks.reminders): each kind's trigger dates at
their boundaries, days off, what gets nothing, policies, channels, and recording exactly once."""

import datetime
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Plan, Task
from tasks.models import Delivery, Reminder, ReminderPolicy
from tasks.reminders import workdays
from tasks.reminders.due import due_on
from tasks.reminders.sweep import run as run_sweep
from tests import factories
from tests.growth import grow
from tests.tasks.reminders.helpers import MON, add_robot, day, set_deadline

Kind = Reminder.Kind
D = datetime.date


def found(due, kind=None):
    """(kind, recipient, task title, trigger date) of each due reminder, sorted."""
    return sorted(
        (str(d.kind), d.recipient, d.task_title, d.due_date)
        for d in due
        if kind is None or d.kind == kind
    )


def before(due):
    return found(due, Kind.BEFORE)


# --- Before the deadline: 7 and 1 days ------------------------------------------------------------


def test_seven_days_before_reaches_lead_and_supporting_units(rw):
    # Task A and B are due on Friday 13 March: 7 days before is Friday 6 March.
    assert before(due_on(day(4))) == [
        ("before", "乙县总工会", "乙的任务", day(4)),
        ("before", "乙县总工会", "甲的任务", day(4)),
        ("before", "甲区总工会", "甲的任务", day(4)),
    ]
    assert before(due_on(day(3))) == []
    roles = {d.recipient: d.role for d in due_on(day(4)) if d.task_title == "甲的任务"}
    assert roles == {"甲区总工会": "lead", "乙县总工会": "supporting"}


def test_one_day_before(rw):
    assert {d.due_date for d in due_on(day(10))} == {day(10)}
    assert len(before(due_on(day(10)))) == 3
    assert before(due_on(day(9))) == []
    # The deadline day itself is neither before nor overdue.
    assert due_on(day(11)) == []


def test_a_trigger_on_a_weekend_goes_out_on_the_working_day_before(rw):
    # Due Monday 16 March: 1 day before is Sunday 15, sent on Friday 13 (early, not late).
    set_deadline(rw.task_a, day(14))
    friday = [d for d in due_on(day(11)) if d.task_title == "甲的任务"]
    assert {(d.kind, d.due_date) for d in friday} == {(Kind.BEFORE, day(13))}
    # The 7-day reminder fell on Monday 9.
    monday = [d for d in due_on(day(7)) if d.task_title == "甲的任务"]
    assert {(d.kind, d.due_date) for d in monday} == {(Kind.BEFORE, day(7))}
    assert due_on(day(12)) == [] and due_on(day(13)) == []


# --- Overdue: the first day, then every 7 days ----------------------------------------------------


def test_first_overdue_day_and_every_seven_days(rw):
    set_deadline(rw.task_b, day(1))  # Tuesday 3 March
    rw.task_a.deadline = None
    rw.task_a.save()
    for sweep, expected in [
        (day(1), []),
        (day(2), [("overdue", "乙县总工会", "乙的任务", day(2))]),  # 1 day overdue
        (day(3), []),
        (day(8), []),
        (day(9), [("overdue", "乙县总工会", "乙的任务", day(9))]),  # 8 days overdue
        (day(10), []),
        (day(16), [("overdue", "乙县总工会", "乙的任务", day(16))]),  # 15 days overdue
    ]:
        assert found(due_on(sweep), Kind.OVERDUE) == expected, sweep


def test_overdue_on_a_weekend_goes_out_late_once(rw):
    # Due Friday 13: first overdue day Saturday 14, sent on Monday 16 and not again on Tuesday.
    assert found(due_on(day(14)), Kind.OVERDUE) == [
        ("overdue", "乙县总工会", "乙的任务", day(12)),
        ("overdue", "乙县总工会", "甲的任务", day(12)),
        ("overdue", "甲区总工会", "甲的任务", day(12)),
    ]
    assert found(due_on(day(15)), Kind.OVERDUE) == []


# --- Escalation to the responsible leader after 3 days overdue ------------------------------------


def test_escalation_on_the_third_overdue_day(rw):
    set_deadline(rw.task_a, day(1))  # Tuesday 3: three days overdue on Friday 6
    assert found(due_on(day(3)), Kind.ESCALATION) == []
    assert found(due_on(day(4)), Kind.ESCALATION) == [
        ("escalation", "张副主席", "甲的任务", day(4))
    ]
    assert found(due_on(day(7)), Kind.ESCALATION) == []
    [item] = [d for d in due_on(day(4)) if d.kind == Kind.ESCALATION]
    assert item.unit_id is None and item.role == "leader"


def test_escalation_falling_on_a_sunday_goes_out_on_monday(rw):
    set_deadline(rw.task_a, day(3))  # Thursday 5: three days overdue on Sunday 8
    assert found(due_on(day(4)), Kind.ESCALATION) == []
    assert found(due_on(day(7)), Kind.ESCALATION) == [
        ("escalation", "张副主席", "甲的任务", day(6))
    ]


# --- Monday digest and leader summary -------------------------------------------------------------


def test_monday_digest_to_each_unit_and_summary_to_leaders(rw):
    due = due_on(MON)
    assert found(due, Kind.DIGEST) == [
        ("digest", "乙县总工会", "", MON),
        ("digest", "甲区总工会", "", MON),
    ]
    assert found(due, Kind.SUMMARY) == [("summary", "张副主席", "", MON)]
    assert all(d.task_id is None for d in due if d.kind in (Kind.DIGEST, Kind.SUMMARY))
    for weekday in range(1, 5):
        assert found(due_on(day(weekday)), Kind.DIGEST) == []
        assert found(due_on(day(weekday)), Kind.SUMMARY) == []


# --- Days off: National Day 2024 ------------------------------------------------------------------


def test_national_day_week_2024(rw):
    set_deadline(rw.task_a, D(2024, 10, 8))
    set_deadline(rw.task_b, D(2024, 10, 2))
    # Monday 30 September, the last working day before the holiday (1–7 October): everything
    # before a deadline up to the 8th goes out now — once per task and unit, the nearest trigger.
    due = before(due_on(D(2024, 9, 30)))
    assert due == [
        ("before", "乙县总工会", "乙的任务", D(2024, 10, 1)),
        ("before", "乙县总工会", "甲的任务", D(2024, 10, 7)),
        ("before", "甲区总工会", "甲的任务", D(2024, 10, 7)),
    ]
    for holiday in range(1, 8):
        assert due_on(D(2024, 10, holiday)) == []
    # Tuesday 8 October: the first overdue day of task B (3 October) and the digest of Monday 7
    # go out late, once.
    after = due_on(D(2024, 10, 8))
    assert found(after, Kind.OVERDUE) == [("overdue", "乙县总工会", "乙的任务", D(2024, 10, 3))]
    assert {d.due_date for d in after if d.kind == Kind.DIGEST} == {D(2024, 10, 7)}
    # Wednesday 9: nothing more for task B; task A (due on the 8th) is now 1 day overdue.
    assert found(due_on(D(2024, 10, 9)), Kind.OVERDUE) == [
        ("overdue", "乙县总工会", "甲的任务", D(2024, 10, 9)),
        ("overdue", "甲区总工会", "甲的任务", D(2024, 10, 9)),
    ]
    # Sunday 29 September was worked (调休): the sweep runs, the Monday digest waits for Monday.
    assert found(due_on(D(2024, 9, 29)), Kind.DIGEST) == []
    assert found(due_on(D(2024, 9, 30)), Kind.DIGEST) != []


def test_escalation_during_a_long_holiday_goes_out_after_it(rw):
    set_deadline(rw.task_a, D(2024, 9, 30))  # three days overdue on 3 October, a holiday
    assert found(due_on(D(2024, 10, 8)), Kind.ESCALATION) == [
        ("escalation", "张副主席", "甲的任务", D(2024, 10, 3))
    ]


def test_years_beyond_the_calendar_fall_back_to_weekdays(rw, caplog):
    last = workdays.calendar_range()[1]
    year = last + 1
    monday = D(year, 3, 1) + datetime.timedelta(days=(7 - D(year, 3, 1).weekday()) % 7)
    set_deadline(rw.task_a, monday + datetime.timedelta(days=1))
    workdays._warned_years.discard(year)
    with caplog.at_level(logging.WARNING, logger="tasks.reminders.workdays"):
        due = due_on(monday)
    assert ("before", "甲区总工会", "甲的任务", monday) in found(due)
    assert f"no data for {year}" in caplog.text
    assert due_on(monday - datetime.timedelta(days=1)) == []  # a Sunday
    assert str(year) in workdays.calendar_warning(monday)
    assert workdays.calendar_warning(D(last, 6, 1)) == ""


# --- What gets nothing ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Task.Status.DONE, Task.Status.COMPLETION_REQUESTED])
def test_done_tasks_get_nothing(rw, status):
    task = rw.task_a
    task.status = status
    task.save()
    set_deadline(rw.task_b, day(11))
    for sweep in (day(4), day(10), day(14), day(18), MON + datetime.timedelta(days=14)):
        assert all(d.task_id != task.pk for d in due_on(sweep))
    # Unit A has no other task: no digest for it; the leader has nothing open either.
    monday = due_on(MON)
    assert {d.recipient for d in monday if d.kind == Kind.DIGEST} == {"乙县总工会"}
    assert found(monday, Kind.SUMMARY) == []


@pytest.mark.parametrize("status", [Plan.Status.DRAFT, Plan.Status.ARCHIVED])
def test_unpublished_plans_get_nothing(rw, status):
    plan = rw.plan
    plan.status = status
    plan.save()
    for sweep in (MON, day(4), day(10), day(14)):
        assert due_on(sweep) == []


def test_tasks_without_a_deadline_get_only_the_digest(rw):
    for task in (rw.task_a, rw.task_b):
        task.deadline = None
        task.save()
    assert {d.kind for d in due_on(MON)} == {Kind.DIGEST, Kind.SUMMARY}
    assert due_on(day(4)) == []


# --- Policies -------------------------------------------------------------------------------------


def test_policy_edits_take_effect(rw):
    plan = rw.plan
    policy = ReminderPolicy.objects.create(plan=plan, days_before=[3])
    assert before(due_on(day(4))) == []
    assert len(before(due_on(day(8)))) == 3  # Tuesday 10, three days before
    policy.days_before = []
    policy.save()
    assert before(due_on(day(8))) == []
    policy.escalate_after_days = 0
    policy.save()
    set_deadline(rw.task_a, day(1))
    assert found(due_on(day(4)), Kind.ESCALATION) == []
    policy.unit_digest = False
    policy.save()
    # Monday 9: task A is 6 days overdue (no repeat yet), nothing before task B's deadline.
    assert {d.kind for d in due_on(day(7))} == {Kind.SUMMARY}
    policy.enabled = False
    policy.save()
    for sweep in (MON, day(2), day(4), day(9)):
        assert due_on(sweep) == []


def test_a_policy_typed_wrong_in_the_admin_is_refused_and_never_breaks_the_sweep(rw):
    from django.core.exceptions import ValidationError

    policy = ReminderPolicy(plan=rw.plan, days_before=["7", -1, True, 1])
    with pytest.raises(ValidationError):
        policy.full_clean()
    policy.save()  # saved anyway (a shell, a script): the sweep keeps the valid days only
    assert policy.offsets() == (1,)
    assert len(before(due_on(day(10)))) == 3 and before(due_on(day(4))) == []


def test_overdue_repeats_follow_the_policy(rw):
    set_deadline(rw.task_b, day(1))
    rw.task_a.deadline = None
    rw.task_a.save()
    policy = ReminderPolicy.objects.create(
        plan=rw.plan, overdue_first_day=False, overdue_every_days=3
    )
    overdue = {sweep: found(due_on(sweep), Kind.OVERDUE) for sweep in (day(2), day(3), day(5))}
    # Not on the first day; then 1 + 3 = 4 days overdue (Saturday 7, sent Monday 9).
    assert overdue == {day(2): [], day(3): [], day(5): []}
    assert found(due_on(day(7)), Kind.OVERDUE) == [("overdue", "乙县总工会", "乙的任务", day(5))]
    policy.overdue_first_day, policy.overdue_every_days = True, 0
    policy.save()
    assert len(found(due_on(day(2)), Kind.OVERDUE)) == 1
    assert found(due_on(day(9)), Kind.OVERDUE) == []


def test_plans_with_different_policies_are_swept_together(rw):
    other_plan = factories.PlanFactory(owner=rw.plan.owner, status=Plan.Status.PUBLISHED)
    other = factories.TaskFactory(section=factories.SectionFactory(plan=other_plan))
    factories.ResponsibilityFactory(task=other, unit=rw.unit_c)
    set_deadline(other, day(11))
    ReminderPolicy.objects.create(plan=other_plan, days_before=[2])
    seven = {d[1] for d in before(due_on(day(4)))}
    two = {d[1] for d in before(due_on(day(9)))}
    assert "丙区总工会" not in seven and two == {"丙区总工会"}


# --- Channels -------------------------------------------------------------------------------------


def test_channels_follow_users_addresses_and_working_robots(rw):
    unit_a, unit_b = rw.unit_a, rw.unit_b
    robot = add_robot(unit_a)
    add_robot(unit_a, kind="dingtalk", is_active=False)
    add_robot(unit_a, kind="feishu", broken_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    unit_b.emails = ""
    unit_b.save()
    due = {(d.recipient, d.task_title): d.channels for d in due_on(day(4))}
    expected = (("inapp", None), ("email", None), ("wecom", robot.pk))
    assert due[("甲区总工会", "甲的任务")] == expected
    assert due[("乙县总工会", "甲的任务")] == (("inapp", None),)


def test_leaders_are_reached_through_their_account(rw):
    set_deadline(rw.task_a, day(1))
    [item] = [d for d in due_on(day(4)) if d.kind == Kind.ESCALATION]
    assert item.channels == (("inapp", None), ("email", None))
    rw.responsible_leader.user = None
    rw.responsible_leader.save()
    assert [d for d in due_on(day(4)) if d.kind == Kind.ESCALATION] == []


def test_a_unit_nobody_can_reach_is_left_out_with_a_warning(rw, caplog):
    unit_b = rw.unit_b
    unit_b.emails = ""
    unit_b.save()
    rw.reporter_b.is_active = False
    rw.reporter_b.save()
    with caplog.at_level(logging.WARNING, logger="tasks.reminders.sweep"):
        due = due_on(day(4))
    assert {d.recipient for d in due} == {"甲区总工会"}
    assert "乙县总工会" in caplog.text


# --- Recording once -------------------------------------------------------------------------------


def test_recording_twice_records_once(rw, queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = run_sweep(day(4))
    assert len(first.due) == 3 and Reminder.objects.count() == 3
    assert Delivery.objects.count() == 6  # in-app and email for each
    [(ids, countdown)] = queued
    assert sorted(ids) == sorted(first.delivery_ids) and countdown is None
    with django_capture_on_commit_callbacks(execute=True):
        second = run_sweep(day(4))
    assert second.due == [] and second.delivery_ids == []
    assert Reminder.objects.count() == 3 and Delivery.objects.count() == 6
    assert len(queued) == 1
    reminder = Reminder.objects.get(unit=rw.unit_a)
    assert (reminder.kind, reminder.due_date, reminder.sweep_date, reminder.deadline) == (
        Kind.BEFORE,
        day(4),
        day(4),
        day(11),
    )
    assert reminder.federation_id == rw.federation.pk


def test_digests_are_unique_without_a_task(rw, queued):
    run_sweep(MON)
    run_sweep(MON)
    assert Reminder.objects.filter(kind=Kind.DIGEST).count() == 2
    assert Reminder.objects.filter(kind=Kind.SUMMARY).count() == 1
    # Replaying Monday's sweep on Tuesday's window adds no digest either.
    run_sweep(day(1))
    assert Reminder.objects.filter(kind=Kind.DIGEST).count() == 2


def test_the_unique_key_holds_in_the_database(rw, queued):
    from django.db import IntegrityError, transaction

    run_sweep(MON)
    digest = Reminder.objects.filter(kind=Kind.DIGEST).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(
            kind=Kind.DIGEST,
            federation=digest.federation,
            unit=digest.unit,
            recipient_key=digest.recipient_key,
            due_date=digest.due_date,
            sweep_date=digest.sweep_date,
            batch=digest.batch,
        )


def test_a_new_channel_on_a_later_sweep_does_not_resend(rw, queued):
    run_sweep(day(4))
    add_robot(rw.unit_a)
    run_sweep(day(4))
    assert Delivery.objects.filter(channel="wecom").count() == 0


# --- Constant queries -----------------------------------------------------------------------------


def _queries(call):
    """The statements ``call`` runs. SQLite splits a bulk INSERT by its limit of 999 variables,
    so there only the statements other than INSERT are compared; PostgreSQL inserts in one."""
    with CaptureQueriesContext(connection) as queries:
        call()
    statements = [q["sql"] for q in queries.captured_queries]
    if connection.vendor == "sqlite":
        statements = [sql for sql in statements if not sql.startswith("INSERT")]
    return len(statements)


def test_the_sweep_runs_a_constant_number_of_queries(rw, queued):
    monday = MON + datetime.timedelta(days=7)
    set_deadline(rw.task_a, day(14))  # 7 days before on Monday 9
    set_deadline(rw.task_b, day(1))  # first overdue Wednesday 4, again on Wednesday 11
    add_robot(rw.unit_a)
    small_plan = _queries(lambda: due_on(monday))
    small_record = _queries(lambda: run_sweep(monday))
    Reminder.objects.all().delete()
    grow(rw, tasks=40, deadline=day(14), leader=rw.responsible_leader)
    # Escalation on Monday 9 (3 days after Friday 6).
    grow(rw, tasks=40, deadline=day(4), leader=rw.responsible_leader)
    big = due_on(monday)
    assert len(big) > 150
    assert _queries(lambda: due_on(monday)) == small_plan
    assert _queries(lambda: run_sweep(monday)) == small_record
