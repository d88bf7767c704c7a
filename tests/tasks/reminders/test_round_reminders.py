"""Chasing a reporting round (kind "round"): units that have not answered are reminded before
the round's due date and after it, once per round, unit and day; the message names the round
and how many tasks are missing."""

import pytest
from django.urls import reverse
from django.utils import translation

from tasks.models import Reminder
from tasks.reminders import wording
from tasks.reminders.due import why_not_needed
from tasks.reminders.sweep import run as run_sweep
from tasks.rounds import service
from tests.tasks.reminders.helpers import day

Kind = Reminder.Kind


@pytest.fixture
def rnd(rw):
    """A round due on Friday 13 March 2026 (day 11); unit A has answered, unit B has not."""
    rnd = service.open_round(rw.planner, rw.plan, name="2026年第一季度进展报送", due_date=day(11))
    service.answer(rw.reporter_a, rnd, rw.task_a, rw.unit_a, text="已开展")
    return rnd


def _round_reminders():
    return sorted(
        Reminder.objects.filter(kind=Kind.ROUND).values_list("round_id", "unit__name", "due_date")
    )


def test_seven_days_before_only_the_missing_unit_is_reminded_once(rw, rnd):
    run_sweep(day(4), enqueue=False)
    run_sweep(day(4), enqueue=False)
    assert _round_reminders() == [(rnd.pk, "乙县总工会", day(4))]
    assert Reminder.objects.get(kind=Kind.ROUND).deliveries.exists()


def test_after_the_due_date_the_missing_unit_is_chased(rw, rnd):
    # Saturday 14 March is the first day late: it goes out on Monday 16 March (day 14).
    run_sweep(day(14), enqueue=False)
    assert _round_reminders() == [(rnd.pk, "乙县总工会", day(12))]


def test_two_rounds_remind_a_unit_twice_the_same_day(rw, rnd):
    other = service.open_round(rw.planner, rw.plan, name="专项报送", due_date=day(11))
    run_sweep(day(4), enqueue=False)
    units = [(pk, unit) for pk, unit, _day in _round_reminders()]
    assert sorted(units) == sorted(
        [(rnd.pk, "乙县总工会"), (other.pk, "甲区总工会"), (other.pk, "乙县总工会")]
    )


def test_a_closed_round_is_not_chased(rw, rnd):
    service.close(rw.planner, rnd)
    run_sweep(day(4), enqueue=False)
    assert _round_reminders() == []


def test_the_message_names_the_round_and_the_missing_tasks(rw, rnd):
    run_sweep(day(4), enqueue=False)
    reminder = Reminder.objects.get(kind=Kind.ROUND)
    with translation.override("en"):
        message = wording.message_for(reminder)
    assert "2026年第一季度进展报送" in message.title
    assert "1 task still to answer by 2026-03-13" in message.title
    assert f"/rounds/{rnd.pk}/units/{rw.unit_b.pk}/" in message.url
    with translation.override("zh-hans"):
        assert "还有1项任务未报送" in wording.message_for(reminder).title


def test_a_reminder_is_not_needed_once_the_unit_answered(rw, rnd):
    run_sweep(day(4), enqueue=False)
    reminder = Reminder.objects.get(kind=Kind.ROUND)
    assert why_not_needed(reminder) == ""
    service.answer(rw.reporter_b, rnd, rw.task_b, rw.unit_b, text="已开展")
    assert why_not_needed(reminder) != ""


def test_the_delivery_log_names_the_round(client, rw, rnd):
    run_sweep(day(4), enqueue=False)
    client.force_login(rw.planner)
    content = client.get(reverse("tasks:deliveries")).content.decode()
    assert "2026年第一季度进展报送" in content
    delivery = Reminder.objects.get(kind=Kind.ROUND).deliveries.first()
    detail = client.get(reverse("tasks:delivery_detail", args=[delivery.pk])).content.decode()
    assert reverse("tasks:round_detail", args=[rnd.pk]) in detail
