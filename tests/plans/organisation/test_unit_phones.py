"""A unit's contact phones: checked, edited on the organisation pages, read from and written to
the unit list under the headers people use."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from plans.organisation import checks
from plans.organisation.applying import apply_list
from plans.organisation.changes import CHANGE, ERROR, SAME, compute_changes
from plans.organisation.reading import read_list
from plans.organisation.workbook import export, template
from tests.plans.organisation.workbooks import workbook


def test_several_numbers_one_a_line():
    typed = "0833-2123456；+86 138 1234 5678、2123456 转 8001\n0833-2123456 / 13900000000"
    assert checks.clean_phones(typed).splitlines() == [
        "0833-2123456",
        "+86 138 1234 5678",
        "2123456 转 8001",
        "13900000000",
    ]
    assert checks.clean_phones(" ") == ""
    with pytest.raises(ValidationError, match="12ab"):
        checks.clean_phones("0833-2123456，12ab")


@pytest.mark.parametrize("header", ["联系电话", "电话", "手机", "手机号码"])
def test_the_list_reads_phones_under_their_usual_headers(world, header):
    data = workbook(
        {
            "单位名单": [
                ["单位名称", header],
                ["甲区总工会", 13812345678],
                ["新单位", "0833-1234567"],
            ]
        }
    )
    read = read_list(data)
    changes = compute_changes(world.federation, read, world.planner)
    assert [row.action for row in changes.units] == [CHANGE, "create"]
    assert changes.units[0].changes[0][1:] == ("", "13812345678")
    apply_list(world.federation, read, world.planner)
    world.unit_a.refresh_from_db()
    assert world.unit_a.phone_list() == ["13812345678"]
    again = compute_changes(world.federation, read_list(data), world.planner)
    assert {row.action for row in again.units} == {SAME}


def test_a_bad_phone_is_a_row_error(world):
    data = workbook({"单位名单": [["单位名称", "联系电话"], ["甲区总工会", "0833-12；电话待定"]]})
    (row,) = compute_changes(world.federation, read_list(data), world.planner).units
    assert row.action == ERROR
    assert "电话待定" in " ".join(row.errors)


def test_the_template_and_the_export_have_the_column(world):
    world.unit_a.phones = "0833-2123456\n13800000000"
    world.unit_a.save()
    headers = [cell.value for cell in load_workbook(io.BytesIO(template()))["单位名单"][2]]
    assert "联系电话" in headers
    sheet = load_workbook(io.BytesIO(export(world.federation)))["单位名单"]
    column = headers.index("联系电话")
    values = {row[0].value: row[column].value for row in sheet.iter_rows(min_row=3)}
    assert values["甲区总工会"] == "0833-2123456；13800000000"
    # The export reads back as the directory it came from.
    again = compute_changes(world.federation, read_list(export(world.federation)), world.planner)
    assert {row.action for row in again.units} == {SAME}


def test_edited_shown_and_searched_on_the_pages(client, world):
    client.force_login(world.planner)
    url = reverse("organisation:unit_edit", args=[world.unit_a.pk])
    data = {
        "name": "甲区总工会",
        "kind": "district",
        "parent": world.federation.pk,
        "phones": "0833-2123456；12ab",
        "order": 0,
    }
    page = client.post(url, data).content.decode()
    assert "12ab" in page  # refused, the typing kept
    data["phones"] = "0833-2123456；13800000000"
    assert client.post(url, data).status_code == 302
    world.unit_a.refresh_from_db()
    assert world.unit_a.phone_list() == ["0833-2123456", "13800000000"]
    detail = client.get(reverse("organisation:unit", args=[world.unit_a.pk])).content.decode()
    assert "13800000000" in detail
    units = reverse("organisation:units", args=[world.federation.pk])
    found = client.get(units, {"q": "2123456"}).content.decode()
    assert "甲区总工会" in found and "乙县总工会" not in found
