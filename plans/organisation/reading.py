"""Reading a filled unit and people list (.xlsx): the header row found after any title rows,
columns recognised by their usual names in any order, within bounds that keep a worker safe
from a damaged or hostile file."""

import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .vocabulary import (
    PEOPLE_COLUMNS,
    PEOPLE_SHEET,
    REQUIRED,
    UNIT_COLUMNS,
    UNIT_SHEET,
    column_lookup,
    normalise,
)

# Far above a city federation's 300 units and their people, far below what hurts a worker.
MAX_FILE_BYTES = 5 * 2**20
MAX_UNPACKED_BYTES = 60 * 2**20
MAX_ROWS = 3_000  # rows of data in one sheet
MAX_COLUMNS = 30  # columns read; the rest are ignored
MAX_CELL_CHARACTERS = 500
TITLE_ROWS = 10  # rows above the header (a title, a date, a note) looked through


class ListError(Exception):
    """A file that cannot be read as a unit and people list; the message says why."""


@dataclass
class SheetRows:
    """The rows of one sheet: each a dict of column key → text, with its row number in Excel."""

    name: str
    rows: list = field(default_factory=list)
    found: bool = False

    def to_dict(self):
        return {"name": self.name, "rows": self.rows, "found": self.found}


@dataclass
class ReadList:
    units: SheetRows
    people: SheetRows

    def to_dict(self):
        return {"units": self.units.to_dict(), "people": self.people.to_dict()}

    @classmethod
    def from_dict(cls, data):
        return cls(SheetRows(**data["units"]), SheetRows(**data["people"]))


def _check_size(data):
    if len(data) > MAX_FILE_BYTES:
        raise ListError(
            _("The file is larger than %(size)d MB; a unit and people list is far smaller.")
            % {"size": MAX_FILE_BYTES // 2**20}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(part.file_size for part in package.infolist())
    except zipfile.BadZipFile:
        raise ListError(
            _(
                "This is not an Excel workbook (.xlsx). Old .xls and .et files: open them and "
                "save as .xlsx first."
            )
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ListError(_("The workbook unpacks to far more than a list holds; it may be damaged."))


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if len(text) > MAX_CELL_CHARACTERS:
        raise ListError(
            _("A cell holds more than %(limit)d characters; is this the right file?")
            % {"limit": MAX_CELL_CHARACTERS}
        )
    return text


def _header(row, lookup, required):
    """The column index of each recognised key if ``row`` is the header row, else None."""
    columns = {}
    for index, value in enumerate(row):
        key = lookup.get(normalise(value)) if value is not None else None
        if key and key not in columns:
            columns[key] = index
    return columns if all(key in columns for key in required) else None


def _read_sheet(sheet, title, columns_spec):
    result = SheetRows(name=title, found=True)
    lookup = column_lookup(columns_spec)
    columns = None
    rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    for number, row in enumerate(rows, start=1):
        if columns is None:
            if number > TITLE_ROWS:
                break
            columns = _header(row, lookup, REQUIRED[title])
            continue
        values = {
            key: _text(row[index]) if index < len(row) else "" for key, index in columns.items()
        }
        if not any(values.values()):
            continue
        if len(result.rows) >= MAX_ROWS:
            raise ListError(
                _("The sheet %(sheet)s has more than %(limit)d rows.")
                % {"sheet": title, "limit": MAX_ROWS}
            )
        values["row"] = number
        result.rows.append(values)
    if columns is None:
        headers = "、".join(
            header for key, header, _others in columns_spec if key in REQUIRED[title]
        )
        raise ListError(
            _("The sheet %(sheet)s has no header row with %(headers)s in its first %(rows)d rows.")
            % {"sheet": title, "headers": headers, "rows": TITLE_ROWS}
        )
    return result


def _fits(sheet, title, columns_spec):
    lookup = column_lookup(columns_spec)
    rows = sheet.iter_rows(max_row=TITLE_ROWS, max_col=MAX_COLUMNS, values_only=True)
    return any(_header(row, lookup, REQUIRED[title]) for row in rows)


def _find_sheet(workbook, title, columns_spec):
    """The sheet called ``title``, or else the first whose header row fits ``columns_spec``
    (a people list, with 姓名, is never taken for the unit list)."""
    if title in workbook.sheetnames:
        return workbook[title]
    for sheet in workbook.worksheets:
        if sheet.title in (UNIT_SHEET, PEOPLE_SHEET):
            continue
        if title == UNIT_SHEET and _fits(sheet, PEOPLE_SHEET, PEOPLE_COLUMNS):
            continue
        if _fits(sheet, title, columns_spec):
            return sheet
    return None


def read_list(data):
    """The unit and people rows of an uploaded workbook (bytes). Raises ListError with a
    message for the person when the file cannot be read or passes a limit."""
    _check_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean the same here
        raise ListError(_("The workbook could not be read; it may be damaged.")) from None
    try:
        sheets = []
        for title, spec in ((UNIT_SHEET, UNIT_COLUMNS), (PEOPLE_SHEET, PEOPLE_COLUMNS)):
            sheet = _find_sheet(workbook, title, spec)
            sheets.append(_read_sheet(sheet, title, spec) if sheet else SheetRows(name=title))
    finally:
        workbook.close()
    if not any(sheet.found for sheet in sheets):
        raise ListError(
            _(
                "Neither a %(units)s sheet nor a %(people)s sheet was found. "
                "Start from the template."
            )
            % {"units": UNIT_SHEET, "people": PEOPLE_SHEET}
        )
    return ReadList(*sheets)
