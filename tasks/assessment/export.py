"""A plan's assessment as an .xlsx workbook: the score table with each criterion's figures and
points, the adjustments with their reasons, and how the scores were computed. Every cell goes
through ``unionplans.lib.spreadsheets`` (unit names and reasons are typed by people); times are
Asia/Shanghai."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tasks.assessment.scoring import LABELS
from unionplans.lib.spreadsheets import append_row

HEADER_FILL = PatternFill("solid", fgColor="DDE6F5")
HEADER_FONT = Font(bold=True)
TIME_FORMAT = "yyyy-mm-dd hh:mm"


def _person(user):
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _sheet(book, title, header, rows, widths):
    sheet = book.create_sheet(title)
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        append_row(sheet, row)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    return sheet


def _score_header(table):
    header = [_("Rank"), _("Unit")]
    for _name, label, weight in table.criteria:
        header += [
            _("%(criterion)s: counted") % {"criterion": label},
            _("%(criterion)s: achieved") % {"criterion": label},
            _("%(criterion)s: points (of %(weight)d)") % {"criterion": label, "weight": weight},
        ]
    return [*header, _("Points before adjustment"), _("Adjustment"), _("Total")]


def _score_row(row):
    values = [row.rank, row.unit]
    for criterion in row.criteria:
        values += [criterion.counted, criterion.achieved, float(criterion.points)]
    return [*values, float(row.subtotal), float(row.adjustment), float(row.total)]


def workbook(plan, table, adjustments, generated_at=None):
    """The workbook of ``plan``'s assessment ``table`` (a ``scoring.Table``) and its
    ``adjustments`` (``ScoreAdjustment``s, newest first)."""
    book = Workbook()
    book.remove(book.active)
    widths = [8, 24] + [12] * (3 * len(table.criteria)) + [14, 12, 12]
    rows = [_score_row(row) for row in table.ranked]
    _sheet(book, _("Scores"), _score_header(table), rows, widths)
    made = _sheet(
        book,
        _("Adjustments"),
        [
            _("Adjusted at"),
            _("Unit"),
            _("Points"),
            pgettext("score adjustment", "Reason"),
            _("Adjusted by"),
        ],
        [
            (
                a.created_at,
                a.unit.name,
                float(a.points),
                a.reason,
                _person(a.created_by),
            )
            for a in adjustments
        ],
        [18, 24, 10, 60, 16],
    )
    for cell in made["A"][1:]:
        cell.number_format = TIME_FORMAT
    method = [
        (_("Plan"), plan.title),
        (_("Computed at"), generated_at or timezone.now()),
        (
            _("Weights"),
            _("default weights") if not table.scheme_saved else _("saved by the planners"),
        ),
        *[(str(LABELS[name]), weight) for name, _label, weight in table.criteria],
        (
            _("How"),
            _(
                "Each criterion gives weight × achieved ÷ counted points (its full weight when "
                "nothing is counted); the total adds the adjustments."
            ),
        ),
    ]
    info = _sheet(book, _("How scores are computed"), [_("Item"), _("Value")], method, [24, 80])
    info["B3"].number_format = TIME_FORMAT
    return book


def workbook_bytes(plan, table, adjustments, generated_at=None):
    """``workbook`` saved as .xlsx bytes."""
    buffer = io.BytesIO()
    workbook(plan, table, adjustments, generated_at).save(buffer)
    return buffer.getvalue()
