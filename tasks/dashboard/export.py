"""The dashboard's figures as an .xlsx workbook: summary, sections, units, targets and overdue
tasks, one sheet each, ready to print on A4."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from unionplans.lib.spreadsheets import append_styled_row

HEADER = "Dashboard header"


def _header_style():
    """The header row's named style, registered once: a style per cell would be hashed for
    every cell (see the ledger)."""
    return NamedStyle(
        HEADER,
        font=Font(bold=True),
        fill=PatternFill("solid", fgColor="DDE6F5"),
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
    )


def _sheet(workbook, title, header, rows, widths):
    """A sheet of ``workbook`` (write-only): the header, then ``rows`` streamed one by one."""
    sheet = workbook.create_sheet(title)
    # A write-only sheet writes its properties, columns and panes before the first row.
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    append_styled_row(sheet, header, [HEADER] * len(header))
    # Plan titles, sections and unit names are typed by people: append_styled_row writes them
    # as text even when they start with "=".
    plain = [None] * len(header)
    count = 0
    for row in rows:
        append_styled_row(sheet, row, plain)
        count += 1
    if count:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    setup = sheet.page_setup
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.orientation = "landscape"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"
    return sheet


def _date(value):
    return value.isoformat() if value else ""


def _time(value):
    """A moment as people here read it: Asia/Shanghai, never the database's UTC."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def workbook(dashboard):
    """The workbook of ``dashboard`` (a tasks.dashboard.board.Dashboard), in openpyxl's
    write-only mode: each row goes to a temporary file as it is written, so the workbook's
    memory does not grow with the rows; save it once."""
    book = Workbook(write_only=True)
    book.add_named_style(_header_style())
    f = dashboard.figures
    summary = [
        (_("Year"), dashboard.year or ""),
        (_("Plans"), "；".join(plan.title for plan in dashboard.plans)),
        (_("Date"), dashboard.today.isoformat()),
        (_("Tasks"), f.total),
        (_("Done"), f.done),
        (_("Completion rate (%)"), f.done_rate),
        (_("On-time rate (%)"), f.on_time_rate),
        (_("Overdue"), f.overdue),
        (_("Due within 30 days"), f.due_soon),
        (_("Green"), f.lights["green"]),
        (_("Yellow"), f.lights["yellow"]),
        (_("Red"), f.lights["red"]),
    ]
    if dashboard.previous:
        previous = dashboard.previous
        summary += [
            (_("Last year: completion rate at this date (%)"), previous.rate_by_now),
            (_("Last year: final completion rate (%)"), previous.final_rate),
        ]
    _sheet(book, _("Summary"), [_("Figure"), _("Value")], summary, [36, 60])
    _sheet(
        book,
        _("By section"),
        [_("Plan"), _("Section"), _("Tasks"), _("Done"), _("Completion rate (%)"), _("Overdue")],
        (
            (
                row.plan_title,
                f"{row.section.label}{row.section.title}",
                row.figures.total,
                row.figures.done,
                row.figures.done_rate,
                row.figures.overdue,
            )
            for row in dashboard.section_rows
        ),
        [30, 44, 10, 10, 14, 10],
    )
    _sheet(
        book,
        _("By unit"),
        [
            _("Unit"),
            _("Leads"),
            _("Supports"),
            _("Done"),
            _("Completion rate (%)"),
            _("On-time rate (%)"),
            _("Overdue"),
            _("Last report"),
        ],
        (
            (
                row.name,
                row.lead,
                row.supporting,
                row.done,
                row.done_rate,
                row.on_time_rate if row.done else "—",
                row.overdue,
                _time(row.last_report),
            )
            for row in dashboard.unit_rows
        ),
        [28, 10, 10, 10, 14, 14, 10, 18],
    )
    _sheet(
        book,
        _("Targets"),
        [_("Task"), _("Target"), _("Goal"), _("Reached"), _("Measure"), _("Reached (%)")],
        (
            (
                f"{row.task_label}{row.task_title}",
                row.text,
                float(row.value),
                float(row.reached),
                row.measure,
                row.percent,
            )
            for row in dashboard.target_rows
        ),
        [40, 40, 10, 10, 10, 12],
    )
    _sheet(
        book,
        _("Overdue tasks"),
        [
            _("Plan"),
            _("Task"),
            _("Lead unit"),
            _("Responsible leader"),
            _("Deadline"),
            _("Days overdue"),
            _("Status"),
        ],
        (
            (
                row.plan_title,
                f"{row.label}{row.title}",
                row.lead_units,
                row.leaders,
                _date(row.deadline),
                row.days_overdue,
                row.status_label,
            )
            for row in dashboard.overdue_tasks
        ),
        [30, 60, 20, 14, 14, 10, 14],
    )
    return book


def workbook_bytes(dashboard):
    """The workbook as the bytes of a .xlsx file (a small dashboard, sent by the request)."""
    buffer = io.BytesIO()
    workbook(dashboard).save(buffer)
    return buffer.getvalue()


def write(dashboard, target):
    """Write the workbook to ``target`` (a path or a binary file): the worker's export."""
    workbook(dashboard).save(target)
