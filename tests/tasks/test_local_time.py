"""One rule for time: every moment shown or exported is Asia/Shanghai. A report made at
2026-11-29 20:00 UTC was made at 2026-11-30 04:00 in Beijing, and every export says so."""

import datetime
import io
import re
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from plans.models import AuditEntry
from tasks.models import ProgressReport
from tests import factories

UTC_MOMENT = datetime.datetime(2026, 11, 29, 20, 0, tzinfo=datetime.UTC)
LOCAL_DAY, UTC_DAY = "2026-11-30", "2026-11-29"


@pytest.fixture
def late_report(world):
    """Unit A's report on task A at 20:00 UTC on 29 November; world.leader is 张慧, its
    responsible leader; the plan is of 2026."""
    world.plan.year = 2026
    world.plan.save()
    leader = factories.LeaderFactory(federation=world.federation, name="张慧", user=world.leader)
    factories.ResponsibilityFactory(task=world.task_a, unit=None, leader=leader, role="leader")
    report = ProgressReport.objects.create(
        task=world.task_a, unit=world.unit_a, role="lead", text="夜里报送", percent=40
    )
    ProgressReport.objects.filter(pk=report.pk).update(created_at=UTC_MOMENT)
    return report


def _cells(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]


def _written(content):
    """Every cell of a workbook as text (datetimes as ISO)."""
    return "\n".join(
        value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else str(value)
        for value in _cells(content)
    )


def test_dashboard_workbook_writes_local_time(client, world, late_report):
    client.force_login(world.leader)
    content = client.get(reverse("tasks:dashboard_export"), {"year": 2026}).content
    text = _written(content)
    assert f"{LOCAL_DAY} 04:00" in text
    assert UTC_DAY not in text and "20:00" not in text


def test_ledger_workbook_writes_local_time(client, world, late_report):
    client.force_login(world.planner)
    content = client.get(reverse("tasks:export_xlsx", args=[world.plan.pk])).content
    text = _written(content)
    assert LOCAL_DAY in text and UTC_DAY not in text


def test_ledger_print_and_pages_show_local_time(client, world, late_report):
    client.force_login(world.planner)
    assert LOCAL_DAY in client.get(reverse("tasks:ledger", args=[world.plan.pk])).content.decode()
    client.force_login(world.leader)
    page = client.get(reverse("tasks:my_tasks")).content.decode()
    assert f"{LOCAL_DAY} 04:00" in page and UTC_DAY not in page
    task_page = client.get(reverse("tasks:detail", args=[world.task_a.pk])).content.decode()
    assert f"{LOCAL_DAY} 04:00" in task_page


def test_word_file_has_no_utc_wall_time(client, world, late_report):
    """The Word file is the plan as a document; no moment of the work is in its text."""
    client.force_login(world.planner)
    content = client.get(reverse("plans:export_docx", args=[world.plan.pk])).content
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        body = docx.read("word/document.xml").decode()
    assert UTC_DAY not in body


def test_messages_of_records_write_local_time(world, late_report):
    late_report.refresh_from_db()
    assert str(late_report).endswith(LOCAL_DAY)
    entry = AuditEntry.objects.create(plan=world.plan, user=world.planner, action="x", summary="")
    AuditEntry.objects.filter(pk=entry.pk).update(at=UTC_MOMENT)
    entry.refresh_from_db()
    assert str(entry).startswith(f"{LOCAL_DAY} 04:00")


def test_any_aware_moment_in_a_workbook_is_local(world):
    from openpyxl import Workbook

    from unionplans.lib.spreadsheets import append_row

    sheet = Workbook().active
    [cell] = append_row(sheet, [UTC_MOMENT])
    assert cell.value == datetime.datetime(2026, 11, 30, 4, 0)
    assert not re.search(r"\+00:00", str(cell.value))
