"""The ledger (台账) of a plan as an Excel workbook: one row per task with its section,
responsibilities, deadline, status, latest progress and targets against what was reached.

A title row, then the header, frozen and filtered; columns sized and wrapped; printed A4
landscape, fitted to the page width, the title and header repeated on every page."""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from plans import permissions
from plans.models import Responsibility, Target, Task
from tasks.models import ProgressReport
from tasks.workspace import progress
from unionplans.lib.spreadsheets import append_styled_row

FONT = "宋体"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRED = Alignment(wrap_text=True, vertical="center", horizontal="center")
# Tasks read at a time: a plan up to this size is four queries, a larger one four per batch.
BATCH = 1000
# The workbook's named styles (in Excel's style gallery, with these names).
TITLE, HEADER, CELL, NUMBER, DATE = (
    "Ledger title",
    "Ledger header",
    "Ledger cell",
    "Ledger number",
    "Ledger date",
)


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

    @property
    def deadline_iso(self):
        """The deadline as the print view shows it (2026-06-30), "" without one."""
        return self.deadline.isoformat() if self.deadline else ""

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
    """The tasks' own columns and their latest report, as dicts: a model instance per task and
    per unit is most of the time of a large ledger, and only names are shown."""
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
    return tasks.order_by("order", "pk").values(
        "pk",
        "label",
        "title",
        "deadline_text",
        "deadline",
        "status",
        "section_id",
        "section__label",
        "section__title",
        "section__parent_id",
        "section__parent__label",
        "section__parent__title",
        "progress_text",
        "progress_at",
        "progress_unit",
        "progress_percent",
    )


def _responsibilities(task_ids):
    """Task id → (leader names, lead unit names, supporting unit names), in their order."""
    by_task = {}
    rows = (
        Responsibility.objects.filter(task_id__in=task_ids)
        .order_by("order", "pk")
        .values_list("task_id", "role", "unit__name", "leader__name")
    )
    for task_id, role, unit, leader in rows:
        leaders, lead, supporting = by_task.setdefault(task_id, ([], [], []))
        if role == Responsibility.Role.LEADER:
            leaders.append(leader)
        elif role == Responsibility.Role.LEAD:
            lead.append(unit)
        else:
            supporting.append(unit)
    return by_task


def _targets_by_task(task_ids):
    by_task = {}
    rows = (
        Target.objects.filter(task_id__in=task_ids)
        .order_by("order", "pk")
        .values_list("task_id", "pk", "text", "value", "measure")
    )
    for task_id, *target in rows:
        by_task.setdefault(task_id, []).append(target)
    return by_task


def _number(value):
    return f"{Decimal(value).normalize():f}"


def _section_name(task):
    names = [f"{task['section__label']}{task['section__title']}"]
    if task["section__parent_id"]:
        names.insert(0, f"{task['section__parent__label']}{task['section__parent__title']}")
    return "\n".join(name for name in names if name)


def _progress(task):
    text = task["progress_text"]
    if not text:
        return ""
    when = timezone.localtime(task["progress_at"]) if task["progress_at"] else None
    percent = task["progress_percent"]
    head = " ".join(
        part
        for part in (
            when.date().isoformat() if when else "",
            task["progress_unit"] or "",
            f"{percent}%" if percent is not None else "",
        )
        if part
    )
    return f"{head}\n{text}" if head else text


def _targets(targets, reached, words):
    lines = []
    for pk, text, value, measure in targets:
        line = words["target"] % {"target": text, "value": _number(value), "measure": measure}
        if pk in reached:
            line += words["reached"] % {"value": _number(reached[pk]), "measure": measure}
        lines.append(line)
    return "\n".join(lines)


def whose_tasks(user):
    """Whose view a ledger shows: a unit sees its own tasks only (None: every task)."""
    return user if permissions.sees_only_own_tasks(user) else None


def _batches(tasks, size):
    """Lists of ``size`` rows of the ``tasks`` query, read through a server-side cursor so
    that a large plan is never held whole."""
    batch = []
    for task in tasks.iterator(chunk_size=size):
        batch.append(task)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def iter_rows(plan, user=None, batch=BATCH):
    """The ledger's rows one by one: every task of the plan, or those ``user`` may see.

    Tasks are read ``batch`` at a time, each batch with its responsibilities, targets and what
    was reached: four queries for a plan of up to ``batch`` tasks, and memory bounded by the
    batch, not the plan (the worker writes ledgers of 100,000 rows). What is the same for every
    row (labels, phrases, a section's name) is worked out once."""
    statuses = {value: str(label) for value, label in Task.Status.choices}
    words = {
        "target": _("%(target)s: %(value)s%(measure)s"),
        "reached": _(", reached %(value)s%(measure)s"),
    }
    sections = {}
    nobody = ((), (), ())
    number = 0
    for tasks in _batches(_tasks(plan, user), batch):
        ids = [task["pk"] for task in tasks]
        reached = progress.reached(Target.objects.filter(task_id__in=ids))
        responsibilities = _responsibilities(ids)
        targets = _targets_by_task(ids)
        for task in tasks:
            number += 1
            leaders, lead, supporting = responsibilities.get(task["pk"], nobody)
            section = sections.get(task["section_id"])
            if section is None:
                section = sections[task["section_id"]] = _section_name(task)
            yield Row(
                number=number,
                section=section,
                label=task["label"],
                title=task["title"],
                leaders="、".join(leaders),
                lead_units="、".join(lead),
                supporting_units="、".join(supporting),
                deadline_text=task["deadline_text"],
                deadline=task["deadline"],
                status=statuses.get(task["status"], ""),
                progress=_progress(task),
                targets=_targets(targets.get(task["pk"], ()), reached, words),
            )


def rows(plan, user=None):
    """The ledger's rows as a list (the print view)."""
    return list(iter_rows(plan, user))


def _named_styles():
    """One named style per kind of cell, shared by every cell of that kind."""
    border = {"border": BORDER}
    cell = {"font": Font(name=FONT, size=10), "alignment": WRAP, **border}
    return [
        NamedStyle(TITLE, font=Font(name="黑体", size=16, bold=True), alignment=CENTRED),
        NamedStyle(
            HEADER,
            font=Font(name=FONT, size=11, bold=True),
            fill=HEADER_FILL,
            alignment=CENTRED,
            **border,
        ),
        NamedStyle(CELL, **cell),
        NamedStyle(NUMBER, **{**cell, "alignment": CENTRED}),
        NamedStyle(DATE, number_format="yyyy-mm-dd", **cell),
    ]


def build(plan, user=None, batch=BATCH):
    """The openpyxl Workbook of the ledger, written row by row (write-only: the memory does not
    grow with the plan); save it once. ``user``: whose tasks (see ``whose_tasks``)."""
    workbook = Workbook(write_only=True)
    for style in _named_styles():
        workbook.add_named_style(style)
    sheet = workbook.create_sheet(_("Ledger")[:31])
    spec = columns()
    last_column = get_column_letter(len(spec))

    # A write-only sheet writes its properties, columns, panes and row heights before the
    # first row.
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    for index, (_header, width) in enumerate(spec, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.row_dimensions[1].height = 32
    sheet.merged_cells.add(f"A1:{last_column}1")

    # Titles, names and deadlines are text typed by people: append_styled_row keeps "=…" from
    # being written as a formula.
    append_styled_row(sheet, [_("%(plan)s — ledger") % {"plan": plan.title}], [TITLE])
    append_styled_row(sheet, [header for header, _width in spec], [HEADER] * len(spec))
    row_styles = [NUMBER, *[CELL] * 7, DATE, *[CELL] * 3]
    count = 0
    for row in iter_rows(plan, user, batch):
        append_styled_row(sheet, row.cells(), row_styles)
        count += 1

    last_row = count + 2
    sheet.auto_filter.ref = f"A2:{last_column}{last_row}"
    sheet.print_title_rows = "1:2"
    sheet.print_area = f"A1:{last_column}{last_row}"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "&P / &N"
    sheet.oddHeader.right.text = date_format(timezone.localdate(), "Y-m-d")

    workbook.properties.title = plan.title
    workbook.properties.creator = plan.owner.name
    return workbook


def export_xlsx(plan, user=None):
    """The ledger as the bytes of a .xlsx file (a small plan, sent by the request)."""
    output = io.BytesIO()
    build(plan, user).save(output)
    return output.getvalue()


def write_xlsx(plan, user, target, batch=BATCH):
    """Write the ledger's .xlsx to ``target`` (a path or a binary file), with memory bounded
    by ``batch`` rows whatever the plan's size (the worker's export)."""
    build(plan, user, batch).save(target)
