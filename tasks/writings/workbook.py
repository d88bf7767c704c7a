"""The compilation of a round as an Excel sheet: a row per task and unit with the statement,
percent, figures, the time of the answer (Asia/Shanghai) and whether it was on time, late or
missing. Every cell through ``unionplans.lib.spreadsheets`` (text typed by units is never a
formula); written row by row, so a round of any size takes the same memory."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from unionplans.lib.spreadsheets import append_styled_row

FONT = "宋体"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRED = Alignment(wrap_text=True, vertical="center", horizontal="center")
TITLE, HEADER, CELL, NUMBER, MOMENT = (
    "Compilation title",
    "Compilation header",
    "Compilation cell",
    "Compilation number",
    "Compilation time",
)


def columns():
    """(header, width in characters) of each column, in order."""
    return [
        (_("No."), 6),
        (_("Section"), 22),
        (_("Task"), 36),
        (_("Unit"), 16),
        (_("Role"), 8),
        (_("Progress made"), 50),
        (_("Percent done"), 9),
        (_("Figures"), 24),
        (_("Answered at"), 17),
        (_("Answer"), 10),
    ]


def _styles():
    border = {"border": BORDER}
    cell = {"font": Font(name=FONT, size=10), "alignment": WRAP, **border}
    return [
        NamedStyle(TITLE, font=Font(name="黑体", size=16, bold=True), alignment=CENTRED),
        NamedStyle(
            HEADER,
            font=Font(name=FONT, size=11, bold=True),
            fill=PatternFill("solid", fgColor="D9E1F2"),
            alignment=CENTRED,
            **border,
        ),
        NamedStyle(CELL, **cell),
        NamedStyle(NUMBER, **{**cell, "alignment": CENTRED}),
        NamedStyle(MOMENT, number_format="yyyy-mm-dd hh:mm", **cell),
    ]


def rows(compilation):
    """The sheet's rows after its header, one per task and unit, in document order."""
    states = {"on_time": _("On time"), "late": _("Late"), "missing": _("Missing")}
    number = 0
    for task in compilation.tasks:
        section = "\n".join(task.section_names)
        for answer in task.answers:
            number += 1
            state = "missing" if answer.missing else "late" if answer.late else "on_time"
            yield [
                number,
                section,
                f"{task.label}{task.title}",
                answer.unit,
                answer.role,
                answer.text or "",
                answer.percent,
                "\n".join(answer.figures),
                answer.answered_at,
                states[state],
            ]


def build(compilation, title):
    """The openpyxl Workbook (write-only) of the compilation; save it once."""
    workbook = Workbook(write_only=True)
    for style in _styles():
        workbook.add_named_style(style)
    sheet = workbook.create_sheet(_("Answers of the round")[:31])
    spec = columns()
    last_column = get_column_letter(len(spec))
    for index, (_header, width) in enumerate(spec, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.row_dimensions[1].height = 32
    sheet.merged_cells.add(f"A1:{last_column}1")
    append_styled_row(sheet, [title], [TITLE])
    append_styled_row(sheet, [header for header, _width in spec], [HEADER] * len(spec))
    styles = [NUMBER, CELL, CELL, CELL, NUMBER, CELL, NUMBER, CELL, MOMENT, NUMBER]
    count = 0
    for row in rows(compilation):
        append_styled_row(sheet, row, styles)
        count += 1
    last_row = count + 2
    sheet.auto_filter.ref = f"A2:{last_column}{last_row}"
    sheet.print_title_rows = "1:2"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    return workbook


def xlsx(compilation, title):
    """The compilation as the bytes of an .xlsx file."""
    output = io.BytesIO()
    build(compilation, title).save(output)
    return output.getvalue()
