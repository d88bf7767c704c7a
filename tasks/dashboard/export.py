"""The dashboard's figures as an .xlsx workbook: summary, sections, units, targets and overdue
tasks, one sheet each, ready to print on A4."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from unionplans.lib.spreadsheets import append_row

HEADER_FILL = PatternFill("solid", fgColor="DDE6F5")
HEADER_FONT = Font(bold=True)


def _sheet(workbook, title, header, rows, widths):
    sheet = workbook.create_sheet(title)
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    # Plan titles, sections and unit names are typed by people: append_row writes them as
    # text even when they start with "=".
    for row in rows:
        append_row(sheet, row)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    return sheet


def _date(value):
    return value.isoformat() if value else ""


def _time(value):
    """A moment as people here read it: Asia/Shanghai, never the database's UTC."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def workbook(dashboard):
    """The workbook of ``dashboard`` (a tasks.dashboard.board.Dashboard)."""
    book = Workbook()
    book.remove(book.active)
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
                row.on_time_rate,
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
    buffer = io.BytesIO()
    workbook(dashboard).save(buffer)
    return buffer.getvalue()
