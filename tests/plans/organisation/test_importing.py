"""Preview and apply: created, changed, unchanged; errors per row; idempotent."""

import io
import re

import pytest
from django.utils import translation
from openpyxl import load_workbook

from plans.models import Leader, Unit, User
from plans.organisation.applying import HasErrors, apply_list
from plans.organisation.changes import CHANGE, CREATE, ERROR, SAME, compute_changes
from plans.organisation.reading import read_list
from plans.organisation.vocabulary import PEOPLE_SHEET, UNIT_SHEET, read_kind, read_role
from plans.organisation.workbook import export, template
from tests import factories
from tests.plans.organisation.workbooks import filled, workbook


def _actions(outcomes):
    return {outcome.name: outcome.action for outcome in outcomes}


def test_preview_then_apply_then_nothing_changes(world):
    read = read_list(filled())
    changes = compute_changes(world.federation, read, world.planner)
    assert _actions(changes.units) == {
        "组织部": CREATE,
        "工人文化宫": CREATE,
        "丁区总工会": CREATE,
        "丁区机关工会": CREATE,
    }
    assert _actions(changes.people) == {"王宣": CREATE, "赵丁": CREATE, "张慧": CREATE}
    assert not Unit.objects.filter(name="组织部").exists()  # the preview saves nothing

    applied = apply_list(world.federation, read, world.planner)
    assert (applied.units_created, applied.people_created) == (4, 3)
    assert [login for _name, login, _pw in applied.passwords] == [
        "wangxuan",
        "zhaoding",
        "zhanghui",
    ]
    office = Unit.objects.get(name="丁区机关工会")
    assert office.parent.name == "丁区总工会"
    assert office.federation == world.federation
    palace = Unit.objects.get(name="工人文化宫")
    assert palace.kind == Unit.Kind.AFFILIATED
    assert palace.short_name == "文化宫"
    assert palace.email_list() == ["whg@example.org", "whg2@example.org"]
    wang = User.objects.get(username="wangxuan")
    assert (wang.role, wang.unit, wang.phone) == (
        User.Role.PLANNER,
        world.propaganda,
        "13800000001",
    )
    assert wang.must_change_password
    assert wang.check_password(applied.passwords[0][2])
    assert Leader.objects.get(federation=world.federation, name="张慧").user.username == "zhanghui"

    again = compute_changes(world.federation, read, world.planner)
    assert {outcome.action for outcome in again.rows()} == {SAME}
    second = apply_list(world.federation, read, world.planner)
    assert (second.units_created, second.units_changed, second.people_created) == (0, 0, 0)
    assert second.people_changed == 0


def test_changes_are_listed_with_before_and_after(world):
    world.unit_a.order = 9
    world.unit_a.save()
    data = workbook(
        {
            "单位名单": [["单位名称", "排序", "单位类别"], ["甲区总工会", 1, "区县总工会"]],
            "人员名单": [
                ["姓名", "所属单位", "登录名", "角色"],
                ["甲", "乙县总工会", world.reporter_a.username, ""],
            ],
        }
    )
    changes = compute_changes(world.federation, read_list(data), world.planner)
    (unit,) = changes.units
    assert unit.action == CHANGE
    assert [change[1:] for change in unit.changes] == [("9", "1")]
    (person,) = changes.people
    assert person.action == CHANGE
    assert {after for _label, _before, after in person.changes} >= {"甲", "乙县总工会"}
    apply_list(world.federation, read_list(data), world.planner)
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.unit == world.unit_b
    assert world.reporter_a.role == User.Role.REPORTER  # an empty cell leaves it


@pytest.mark.parametrize(
    ("units", "people", "message"),
    [
        ([["戊区总工会", "不存在的单位", ""]], [], "不存在的单位"),
        ([["戊区总工会", "", "奇怪的类别"]], [], "奇怪的类别"),
        ([["戊区总工会", "", "部室", "not-an-email"]], [], "not-an-email"),
        ([["戊区总工会", "", ""], ["戊区总工会", "", ""]], [], "戊区总工会"),
        ([], [["王", "宣教部", "wang", "", "12ab"]], "12ab"),
        ([], [["王", "宣教部", "wang", "", "", "bad@"]], "bad@"),
        ([], [["王", "宣教部", "wang"], ["李", "宣教部", "wang"]], "wang"),
        ([], [["王", "无此单位", "wang"]], "无此单位"),
        ([], [["王", "宣教部", "wang", "主席"]], "主席"),
        ([], [["王", "宣教部", "wang", "系统管理员"]], ""),
        ([], [["王", "宣教部", ""]], ""),
    ],
)
def test_row_errors(world, units, people, message):
    data = workbook(
        {
            "单位名单": [["单位名称", "上级单位", "单位类别", "通知邮箱"], *units],
            "人员名单": [
                ["姓名", "所属单位", "登录名", "角色", "手机", "邮箱"],
                *people,
            ],
        }
    )
    read = read_list(data)
    changes = compute_changes(world.federation, read, world.planner)
    errors = [error for row in changes.rows() if row.action == ERROR for error in row.errors]
    assert errors
    assert message in " ".join(errors)
    with pytest.raises(HasErrors):
        apply_list(world.federation, read, world.planner)
    assert not Unit.objects.filter(name="戊区总工会").exists()
    assert not User.objects.filter(username="wang").exists()


def test_login_of_another_federation_is_an_error(world):
    from tests import factories

    stranger = factories.UserFactory(username="stranger")  # of another federation
    data = workbook(
        {"人员名单": [["姓名", "所属单位", "登录名"], ["王", "宣教部", stranger.username]]}
    )
    changes = compute_changes(world.federation, read_list(data), world.planner)
    assert "stranger" in changes.people[0].errors[0]


def test_parents_in_a_circle_are_an_error(world):
    data = workbook(
        {
            "单位名单": [
                ["单位名称", "上级单位"],
                ["甲区总工会", "乙县总工会"],
                ["乙县总工会", "甲区总工会"],
            ]
        }
    )
    changes = compute_changes(world.federation, read_list(data), world.planner)
    assert all(row.action == ERROR for row in changes.units)


def test_administrator_may_import_administrators(world):
    data = workbook(
        {
            "人员名单": [
                ["姓名", "所属单位", "登录名", "角色"],
                ["王", "宣教部", "wang", "系统管理员"],
            ]
        }
    )
    apply_list(world.federation, read_list(data), world.admin)
    assert User.objects.get(username="wang").role == User.Role.ADMIN


def test_export_imports_back_unchanged(world):
    apply_list(world.federation, read_list(filled()), world.planner)
    changes = compute_changes(world.federation, read_list(export(world.federation)), world.planner)
    assert changes.rows()
    assert {row.action for row in changes.rows()} == {SAME}


def test_export_writes_formulas_as_text(world):
    world.unit_a.name = "=HYPERLINK(1)"
    world.unit_a.save()
    read = read_list(export(world.federation))
    assert "=HYPERLINK(1)" in [row["name"] for row in read.units.rows]


def test_template_reads_as_an_empty_list():
    read = read_list(template())
    assert read.units.found and read.people.found
    assert read.units.rows == read.people.rows == []


# Where each note lists the words of a column, in each language: (the list's pattern, its
# separator).
NOTED = {
    "zh-hans": {UNIT_SHEET: r"单位类别：(.*?)。", PEOPLE_SHEET: r"角色：(.*?)。", "and": "、"},
    "en": {UNIT_SHEET: r"Kind: (.*?)\. ", PEOPLE_SHEET: r"Role: (.*?)\. ", "and": ", "},
}


def _sheets(data):
    book = load_workbook(io.BytesIO(data), read_only=True)
    return {title: list(book[title].iter_rows(values_only=True)) for title in book.sheetnames}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_notes_name_kinds_and_roles_as_the_rows_write_them(world, language):
    """The note above each sheet lists every kind (role) in the words the rows use, and the
    import reads each of them as that kind (role)."""
    for kind in Unit.Kind:
        if kind != Unit.Kind.FEDERATION:
            factories.UnitFactory(name=f"单位{kind.value}", kind=kind, parent=world.federation)
    factories.UserFactory(role=User.Role.ADMIN, unit=world.propaganda)
    with translation.override(language):
        data = export(world.federation)
    sheets = _sheets(data)
    patterns = NOTED[language]
    for sheet, column, read, choices in (
        (UNIT_SHEET, 2, read_kind, Unit.Kind),
        (PEOPLE_SHEET, 3, read_role, User.Role),
    ):
        note = sheets[sheet][0][0]
        noted = re.search(patterns[sheet], note).group(1).split(patterns["and"])
        written = {row[column] for row in sheets[sheet][2:]}
        with translation.override(language):
            labels = [str(choice.label) for choice in choices]
        assert written == set(labels)  # every kind (role) is on a row here
        assert noted == labels, note
        assert [read(word) for word in noted] == list(choices)
