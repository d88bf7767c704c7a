"""read_document: uploaded bytes (or pasted text) → Document, or a DocumentError telling the user
what to do with a format that cannot be read. .docx, .xlsx, PDF and text are read directly; old
Word, WPS, RTF and OpenDocument files are converted to .docx with LibreOffice first, old Excel
and WPS spreadsheets (.xls, .et) to .xlsx. What a file is, is told by its content: an OLE
compound file is a Word or an Excel file by the streams it holds, whatever its name says."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from django.utils.translation import gettext as _

from unionplans.lib import compound

from ..model import Document, DocumentError
from .excel import read_xlsx
from .office import convert_to_docx, convert_to_xlsx
from .pdf import read_pdf
from .plain import decode_text, read_text
from .word import read_docx

__all__ = ["decode_text", "read_document", "read_docx", "read_pdf", "read_text", "read_xlsx"]

_TEXT_EXTENSIONS = {"", ".txt", ".text", ".md"}
# File signatures, so that a renamed file is still recognised for what it is.
_ZIP = b"PK\x03\x04"
_OLE = compound.SIGNATURE  # .doc, .wps, .xls, .et and encrypted .docx
_PDF = b"%PDF"
_RTF = b"{\\rtf"
# Converted to .docx with LibreOffice (office.py): old Word, WPS, RTF and OpenDocument text.
_CONVERTED_EXTENSIONS = {".doc", ".dot", ".wps", ".wpt", ".rtf", ".odt"}
_EXCEL_EXTENSIONS = {".xlsx", ".xlsm"}
# Converted to .xlsx with LibreOffice (office.py): Excel 97-2003 and WPS spreadsheets.
_OLD_EXCEL_EXTENSIONS = {".xls", ".et", ".ett"}


def _unsupported(extension: str) -> DocumentError:
    """The error for a format that cannot be read, telling the user what to do instead."""
    return DocumentError(
        _(
            "Files of type %(extension)s cannot be imported. Upload a Word document (.docx, "
            ".doc or .wps), a PDF, an Excel or WPS workbook (.xlsx, .xls or .et) or a text file "
            "(.txt), or paste the full text into the text box."
        )
        % {"extension": extension}
    )


def _not_a_workbook(filename: str) -> DocumentError:
    return DocumentError(
        _(
            "The file %(name)s is not an Excel workbook, though its name says so: it may be a "
            "web page or a text table saved under that name. Open it in Excel or WPS, save it "
            "as .xlsx (“Save as”) and upload it again."
        )
        % {"name": filename}
    )


def _is_workbook(data: bytes) -> bool:
    """A zip package holding an Excel workbook rather than a Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_document(data: bytes | str, filename: str = "") -> Document:
    """Read an uploaded file (by its content and extension) or pasted text (a str) into
    blocks."""
    document = read_text(data) if isinstance(data, str) else _read_file(data, filename)
    if not document.blocks:
        raise DocumentError(
            _(
                "The document is empty. Upload the document that contains the plan, or paste "
                "its full text into the text box."
            )
        )
    return document


def _read_file(data: bytes, filename: str) -> Document:
    extension = PurePath(filename).suffix.lower()
    zipped = data.startswith(_ZIP)
    if data.startswith(_OLE):
        return _read_compound(data, filename, extension)
    if extension == ".pdf" or (extension in _TEXT_EXTENSIONS and data.startswith(_PDF)):
        return read_pdf(data, filename)
    if extension in _OLD_EXCEL_EXTENSIONS:
        if not (zipped and _is_workbook(data)):  # an .xlsx under the old name is read as one
            raise _not_a_workbook(filename)
        return read_xlsx(data, filename)
    if extension in _EXCEL_EXTENSIONS or (
        extension in _TEXT_EXTENSIONS and zipped and _is_workbook(data)
    ):
        return read_xlsx(data, filename)
    if extension == ".docx" or (extension in _TEXT_EXTENSIONS and zipped):
        return read_docx(data, filename)
    if extension in _TEXT_EXTENSIONS and not data.startswith((_PDF, _RTF)):
        return read_text(decode_text(data))
    if extension in _CONVERTED_EXTENSIONS or (
        extension in _TEXT_EXTENSIONS and data.startswith(_RTF)
    ):
        return read_docx(convert_to_docx(data, filename), filename)
    raise _unsupported(extension)


def _read_compound(data: bytes, filename: str, extension: str) -> Document:
    """An OLE compound file: Word's binary format (.doc, .wps) or Excel's (.xls, .et), told by
    its streams whatever its name; converted by LibreOffice. One whose streams say neither (an
    encrypted .docx or .xlsx) goes by its name; one whose directory cannot be read is damaged,
    and LibreOffice is not started for it."""
    if compound.stream_names(data) is None:
        raise DocumentError(
            _(
                "The file %(name)s could not be opened: it is damaged or incomplete. Open it in "
                "Word, Excel or WPS and save it again (as .docx or .xlsx), or copy the full text "
                "and paste it into the text box."
            )
            % {"name": filename}
        )
    kind = compound.office_kind(data)
    if kind == "xls" or (kind is None and extension in _OLD_EXCEL_EXTENSIONS):
        return read_xlsx(convert_to_xlsx(data, filename), filename)
    if kind == "doc" or (kind is None and extension in _CONVERTED_EXTENSIONS | _TEXT_EXTENSIONS):
        return read_docx(convert_to_docx(data, filename), filename)
    if extension == ".docx":
        raise DocumentError(
            _(
                "The file %(name)s is not a valid .docx document: it is password-protected "
                "or an old Word document renamed. Remove the password or save it again as "
                ".docx in Word or WPS, or copy the full text and paste it into the text box."
            )
            % {"name": filename}
        )
    if extension in _EXCEL_EXTENSIONS:
        return read_xlsx(data, filename)  # says it cannot open it: password-protected, perhaps
    raise _unsupported(extension)
