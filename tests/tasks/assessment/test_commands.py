"""python manage.py assessment PLAN_ID [--json]: the scores for scripts and checks."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from plans.models import Plan
from tasks.assessment import service
from tests.tasks.assessment.conftest import TODAY


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def _call(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_json_gives_each_units_score_and_breakdown(worked):
    service.adjust(worked.planner, worked.plan, worked.unit_b, Decimal("-0.5"), "迟报")
    data = json.loads(_call("assessment", str(worked.plan.pk), "--json"))
    by_unit = {unit["unit"]: unit for unit in data["units"]}
    assert set(by_unit) == {"甲区总工会", "乙县总工会"}
    assert by_unit["甲区总工会"] == {
        "unit": "甲区总工会",
        "score": 45.0,
        "rank": 1,
        "points": 45.0,
        "adjustment": 0.0,
        "on_time": {"weight": 40, "counted": 3, "achieved": 1, "points": 13.33},
        "targets": {"weight": 30, "counted": 2, "achieved": 1, "points": 15.0},
        "rounds": {"weight": 20, "counted": 2, "achieved": 1, "points": 10.0},
        "reviews": {"weight": 10, "counted": 3, "achieved": 2, "points": 6.67},
    }
    assert (by_unit["乙县总工会"]["score"], by_unit["乙县总工会"]["adjustment"]) == (39.5, -0.5)


def test_without_json_a_readable_table(worked):
    lines = _call("assessment", str(worked.plan.pk)).splitlines()
    assert lines[0].split("\t")[:2] == ["rank", "unit"]
    row = next(line for line in lines if "甲区总工会" in line).split("\t")
    assert row[0] == "1" and row[2] == "13.33 [1/3]" and row[-1] == "45.00"


@pytest.mark.parametrize("arg", ["999999", "abc", "-1", "²", "DRAFT"])
def test_bad_ids_exit_with_status_2(world, arg):
    if arg == "DRAFT":
        Plan.objects.filter(pk=world.plan.pk).update(status=Plan.Status.DRAFT)
        arg = str(world.plan.pk)
    with pytest.raises(CommandError) as error:
        _call("assessment", arg, "--json")
    assert error.value.returncode == 2
    assert len(str(error.value).splitlines()) == 1
