"""The round schedule's page: planners set it (audited, in plain words in the change log), bad
input is a message beside the field with the typing kept, the next round and the last openings
are shown in constant queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import AuditEntry, Plan
from tasks.models import RoundSchedule, RoundScheduleRun
from tasks.rounds import schedule

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _url(world):
    return reverse("tasks:round_schedule", args=[world.plan.pk])


def _data(**fields):
    return {
        "active": "on",
        "frequency": "quarterly",
        "open_day": "20",
        "due_rule": "next_month",
        "due_days": "5",
        "name_pattern": "{year}年{period}进展报送",
        **fields,
    }


def test_a_planner_sets_the_schedule(client, world):
    client.force_login(world.planner)
    response = client.post(_url(world), _data(include_supporting="on"))
    assert response["Location"] == _url(world)
    saved = RoundSchedule.objects.get(plan=world.plan)
    assert (saved.frequency, saved.open_day, saved.due_days) == ("quarterly", 20, 5)
    assert saved.include_supporting and saved.active
    assert saved.updated_by == world.planner
    page = client.get(_url(world), **ZH).content.decode()
    assert "每季度，于每期最后一个月的20日发起；次月5日前报送。" in page
    assert 'data-testid="next-round"' in page


def test_setting_the_schedule_is_in_the_change_log_in_plain_words(client, world):
    client.force_login(world.planner)
    client.post(_url(world), _data())
    client.post(_url(world), _data(frequency="monthly", open_day="25"))
    entries = AuditEntry.objects.filter(action=schedule.SCHEDULE_SET)
    assert entries.count() == 2
    assert entries.order_by("pk").last().before == {"frequency": "quarterly", "open_day": 20}
    content = client.get(reverse("plans:history", args=[world.plan.pk]), **ZH).content.decode()
    assert "设置报送计划" in content
    assert "每季度" in content and "每月" in content
    assert ">quarterly<" not in content and "monthly" not in content
    # Saved again unchanged: nothing to record.
    client.post(_url(world), _data(frequency="monthly", open_day="25"))
    assert entries.count() == 2


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"open_day": "31"}, "open_day", "1至28"),
        ({"open_day": "abc"}, "open_day", "整数"),
        ({"due_days": "0"}, "due_days", "1至28日"),
        ({"due_rule": "days_after", "due_days": "400"}, "due_days", "1至90天"),
        ({"name_pattern": "{year}年进展报送"}, "name_pattern", "{period}"),
        ({"name_pattern": "{year}年{period}{unit}"}, "name_pattern", "{unit}"),
        ({"frequency": "weekly"}, "frequency", "weekly"),
    ],
)
def test_bad_input_is_a_message_beside_the_field(client, world, fields, field, words):
    client.force_login(world.planner)
    response = client.post(_url(world), _data(**fields), **ZH)
    assert response.status_code == 200
    assert not RoundSchedule.objects.exists()
    assert field in response.context["form"].errors
    content = response.content.decode()
    assert words in content
    # What was typed stays.
    for value in fields.values():
        assert value in content


def test_a_plan_not_published_is_told_it_gets_no_rounds(client, world):
    Plan.objects.filter(pk=world.plan.pk).update(status=Plan.Status.DRAFT)
    client.force_login(world.planner)
    assert 'data-testid="not-published"' in client.get(_url(world)).content.decode()


def test_the_rounds_page_names_the_schedule_and_links_planners_to_it(client, world):
    RoundSchedule.objects.create(plan=world.plan, frequency="monthly", open_day=25)
    rounds = reverse("tasks:round_list", args=[world.plan.pk])
    client.force_login(world.planner)
    content = client.get(rounds, **ZH).content.decode()
    assert "每月，于每期最后一个月的25日发起" in content
    assert 'data-testid="schedule-link"' in content
    client.force_login(world.leader)
    content = client.get(rounds, **ZH).content.decode()
    assert "每月" in content and 'data-testid="schedule-link"' not in content


def test_the_schedule_page_keeps_its_queries_as_openings_accumulate(
    client, world, django_assert_num_queries
):
    planned = RoundSchedule.objects.create(plan=world.plan, starts_on=datetime.date(2020, 1, 1))
    schedule.open_due_rounds(datetime.date(2026, 3, 20))
    client.force_login(world.planner)
    client.get(_url(world))
    with CaptureQueriesContext(connection) as small:
        client.get(_url(world))
    for month in (6, 9, 12):
        assert len(schedule.open_due_rounds(datetime.date(2026, month, 21))) == 1
    for year in range(2020, 2026):
        RoundScheduleRun.objects.create(
            schedule=planned,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 3, 31),
            note="无人报送",
        )
    with django_assert_num_queries(len(small)):
        response = client.get(_url(world))
    assert response.content.decode().count('data-testid="schedule-run"') == 10
