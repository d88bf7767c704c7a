"""The ledger (台账) of a plan as an Excel workbook: one row per task with its section,
responsibilities, deadline, status, latest progress and targets against what was reached.

A title row, then the header, frozen and filtered; columns sized and wrapped; printed A4
landscape, fitted to the page width, the title and header repeated on every page."""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from plans.exporting import common
from plans.models import Responsibility, Target, Task
from tasks.models import ProgressReport
from tasks.workspace import progress
from unionplans.lib.spreadsheets import append_row

FONT = "宋体"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRED = Alignment(wrap_text=True, vertical="center", horizontal="center")


def columns():
    """(header, width in characters) of each column, in order."""
    return [
        (_("No."), 6),
        (_("Section"), 22),
        (_("Label"), 7),
        (_("Task"), 40),
        (_("Responsible leader"), 11),
        (_("Lead unit"), 16),
        (_("Supporting units"), 24),
        (_("Deadline as written"), 13),
        (_("Deadline date"), 12),
        (_("Status"), 10),
        (_("Latest progress"), 36),
        (_("Targets and reached"), 30),
    ]


@dataclass
class Row:
    number: int
    section: str
    label: str
    title: str
    leaders: str
    lead_units: str
    supporting_units: str
    deadline_text: str
    deadline: object
    status: str
    progress: str
    targets: str

    def cells(self):
        return [
            self.number,
            self.section,
            self.label,
            self.title,
            self.leaders,
            self.lead_units,
            self.supporting_units,
            self.deadline_text,
            self.deadline,
            self.status,
            self.progress,
            self.targets,
        ]


def _tasks(plan, user):
    tasks = Task.objects.filter(plan=plan)
    if user is not None:
        tasks = tasks.visible_to(user)
    latest = ProgressReport.objects.filter(task=OuterRef("pk")).order_by("-created_at", "-pk")
    tasks = tasks.annotate(
        progress_text=Subquery(latest.values("text")[:1]),
        progress_at=Subquery(latest.values("created_at")[:1]),
        progress_unit=Subquery(latest.values("unit__name")[:1]),
        progress_percent=Subquery(latest.values("percent")[:1]),
    )
    return (
        tasks.order_by("order", "pk")
        .select_related("section", "section__parent")
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=Responsibility.objects.select_related("unit", "leader").order_by(
                    "order", "pk"
                ),
            ),
            Prefetch("targets", queryset=Target.objects.order_by("order", "pk")),
        )
    )


def _number(value):
    return f"{Decimal(value).normalize():f}"


def _section_name(section):
    names = [f"{section.label}{section.title}"]
    if section.parent_id:
        names.insert(0, f"{section.parent.label}{section.parent.title}")
    return "\n".join(name for name in names if name)


def _progress(task):
    text = getattr(task, "progress_text", None)
    if not text:
        return ""
    when = timezone.localtime(task.progress_at) if task.progress_at else None
    head = " ".join(
        part
        for part in (
            date_format(when.date(), "Y-m-d") if when else "",
            task.progress_unit or "",
            f"{task.progress_percent}%" if task.progress_percent is not None else "",
        )
        if part
    )
    return f"{head}\n{text}" if head else text


def _targets(task, reached):
    lines = []
    for target in task.targets.all():
        line = _("%(target)s: %(value)s%(measure)s") % {
            "target": target.text,
            "value": _number(target.value),
            "measure": target.measure,
        }
        if target.pk in reached:
            line += _(", reached %(value)s%(measure)s") % {
                "value": _number(reached[target.pk]),
                "measure": target.measure,
            }
        lines.append(line)
    return "\n".join(lines)


def rows(plan, user=None):
    """The ledger's rows: every task of the plan, or those ``user`` may see."""
    reached = progress.reached(Target.objects.filter(task__plan=plan))
    result = []
    for number, task in enumerate(_tasks(plan, user), start=1):
        leaders, lead, supporting = common.responsibilities(task)
        result.append(
            Row(
                number=number,
                section=_section_name(task.section),
                label=task.label,
                title=task.title,
                leaders="、".join(leaders),
                lead_units="、".join(lead),
                supporting_units="、".join(supporting),
                deadline_text=task.deadline_text,
                deadline=task.deadline,
                status=task.get_status_display(),
                progress=_progress(task),
                targets=_targets(task, reached),
            )
        )
    return result


def build(plan, user=None):
    """The openpyxl Workbook of the ledger."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Ledger")[:31]
    spec = columns()
    last_column = get_column_letter(len(spec))

    # Titles, names and deadlines are text typed by people: append_row keeps "=…" from being
    # written as a formula.
    append_row(sheet, [_("%(plan)s — ledger") % {"plan": plan.title}])
    sheet.merge_cells(f"A1:{last_column}1")
    title = sheet["A1"]
    title.font = Font(name="黑体", size=16, bold=True)
    title.alignment = CENTRED
    sheet.row_dimensions[1].height = 32

    append_row(sheet, [header for header, _width in spec])
    for index, (_header, width) in enumerate(spec, start=1):
        cell = sheet.cell(row=2, column=index)
        cell.font = Font(name=FONT, size=11, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = CENTRED
        sheet.column_dimensions[get_column_letter(index)].width = width

    ledger = rows(plan, user)
    for row in ledger:
        append_row(sheet, row.cells())
    for excel_row in sheet.iter_rows(min_row=3, max_row=len(ledger) + 2):
        for cell in excel_row:
            cell.font = Font(name=FONT, size=10)
            cell.border = BORDER
            cell.alignment = WRAP
        excel_row[0].alignment = CENTRED
        excel_row[8].number_format = "yyyy-mm-dd"

    last_row = max(len(ledger) + 2, 2)
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:{last_column}{last_row}"
    sheet.print_title_rows = "1:2"
    sheet.print_area = f"A1:{last_column}{last_row}"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "&P / &N"
    sheet.oddHeader.right.text = date_format(timezone.localdate(), "Y-m-d")

    workbook.properties.title = plan.title
    workbook.properties.creator = plan.owner.name
    return workbook


def export_xlsx(plan, user=None):
    """The ledger as the bytes of a .xlsx file."""
    output = io.BytesIO()
    build(plan, user).save(output)
    return output.getvalue()
