import pytest

from plans.models import Unit, User
from plans.organisation import reading
from plans.organisation.reading import ListError, read_list
from plans.organisation.vocabulary import read_kind, read_role
from tests.plans.organisation.workbooks import filled, workbook


def test_headers_after_title_rows_in_any_order():
    read = read_list(filled())
    first = read.units.rows[0]
    assert first == {
        "order": "1",
        "name": "组织部",
        "kind": "部室",
        "parent": "测试市总工会",
        "emails": "zzb@example.org",
        "short_name": "",
        "row": 4,
    }
    assert read.people.rows[0]["username"] == "wangxuan"
    assert read.people.rows[0]["unit"] == "宣教部"
    assert read.people.rows[0]["row"] == 3


def test_sheets_found_by_their_headers_when_renamed():
    data = workbook(
        {
            "Sheet1": [["单位", "上级"], ["组织部", ""]],
            "Sheet2": [["姓名", "单位", "用户名"], ["王宣", "组织部", "wx"]],
        }
    )
    read = read_list(data)
    assert [row["name"] for row in read.units.rows] == ["组织部"]
    assert [row["username"] for row in read.people.rows] == ["wx"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("部室", Unit.Kind.DEPARTMENT),
        ("总工会部室", Unit.Kind.DEPARTMENT),
        ("区（县）总工会", Unit.Kind.DISTRICT),
        ("产业工会", Unit.Kind.INDUSTRY),
        ("直属单位", Unit.Kind.AFFILIATED),
        ("Industry union", Unit.Kind.INDUSTRY),
        ("department", Unit.Kind.DEPARTMENT),
        ("奇怪", None),
    ],
)
def test_kinds_as_people_write_them(text, kind):
    assert read_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("宣教部工作人员", User.Role.PLANNER),
        ("单位填报员", User.Role.REPORTER),
        ("领导", User.Role.LEADER),
        ("系统管理员", User.Role.ADMIN),
        ("Unit reporter", User.Role.REPORTER),
        ("leader", User.Role.LEADER),
        ("主席", None),
    ],
)
def test_roles_as_people_write_them(text, role):
    assert read_role(text) == role


def test_not_a_workbook():
    with pytest.raises(ListError, match="xlsx"):
        read_list(b"not a zip")


def test_no_header_row():
    with pytest.raises(ListError, match="单位名称"):
        read_list(workbook({"单位名单": [["a", "b"]] * 12}))


def test_no_list_at_all():
    with pytest.raises(ListError):
        read_list(workbook({"Sheet": [["hello"]]}))


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    rows = [["单位名称"], *[[f"单位{n}"] for n in range(5)]]
    with pytest.raises(ListError, match="3"):
        read_list(workbook({"单位名单": rows}))


def test_too_large_a_file(monkeypatch):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 100)
    with pytest.raises(ListError, match="MB"):
        read_list(filled())


def test_too_long_a_cell(monkeypatch):
    monkeypatch.setattr(reading, "MAX_CELL_CHARACTERS", 5)
    with pytest.raises(ListError):
        read_list(workbook({"单位名单": [["单位名称"], ["很长很长很长的名字"]]}))
