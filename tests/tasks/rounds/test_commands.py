"""The command line of rounds: open_round and round_status."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tasks.models import Round
from tasks.rounds import service


def _call(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_open_round_prints_its_id(world):
    out = _call(
        "open_round", str(world.plan.pk), "--name", "第三季度报送", "--due", "2099-09-30", "--json"
    )
    rnd = Round.objects.get()
    assert json.loads(out) == {"id": rnd.pk}
    assert rnd.name == "第三季度报送"
    assert sorted(rnd.items.values_list("unit__name", flat=True)) == ["乙县总工会", "甲区总工会"]


def test_round_status_prints_each_unit(world):
    rnd = service.open_round(
        world.planner, world.plan, name="报送", due_date=datetime.date(2099, 9, 30)
    )
    service.answer(world.reporter_a, rnd, world.task_a, world.unit_a, text="办了")
    data = json.loads(_call("round_status", str(rnd.pk), "--json"))
    assert data == {
        "units": [
            {"unit": "乙县总工会", "tasks": 1, "answered": 0, "missing": 1, "late": 0},
            {"unit": "甲区总工会", "tasks": 1, "answered": 1, "missing": 0, "late": 0},
        ]
    }


@pytest.mark.parametrize(
    "args",
    [
        ("open_round", "999999", "--name", "x", "--due", "2099-09-30"),
        ("open_round", "abc", "--name", "x", "--due", "2099-09-30"),
        ("open_round", "PLAN", "--name", "x", "--due", "2099-02-30"),
        ("round_status", "999999", "--json"),
        ("round_status", "x1", "--json"),
    ],
)
def test_bad_ids_and_dates_exit_with_status_2(world, args):
    args = tuple(str(world.plan.pk) if a == "PLAN" else a for a in args)
    with pytest.raises(CommandError) as error:
        _call(*args)
    assert error.value.returncode == 2
    assert len(str(error.value).splitlines()) == 1
