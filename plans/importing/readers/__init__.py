"""read_document: uploaded bytes (or pasted text) → Document, or a DocumentError telling the user
what to do with a format that cannot be read. .docx, .xlsx, PDF and text are read directly; old
Word, WPS, RTF and OpenDocument files are converted to .docx with LibreOffice first."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from django.utils.translation import gettext as _

from ..model import Document, DocumentError
from .excel import read_xlsx
from .office import convert_to_docx
from .pdf import read_pdf
from .plain import decode_text, read_text
from .word import read_docx

__all__ = ["decode_text", "read_document", "read_docx", "read_pdf", "read_text", "read_xlsx"]

_TEXT_EXTENSIONS = {"", ".txt", ".text", ".md"}
# File signatures, so that a renamed file is still recognised for what it is.
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .et and encrypted .docx
_PDF = b"%PDF"
_RTF = b"{\\rtf"
# Converted to .docx with LibreOffice (office.py): old Word, WPS, RTF and OpenDocument text.
_CONVERTED_EXTENSIONS = {".doc", ".dot", ".wps", ".wpt", ".rtf", ".odt"}
_EXCEL_EXTENSIONS = {".xlsx", ".xlsm"}
_OLD_EXCEL_EXTENSIONS = {".xls", ".et", ".ett"}


def _unsupported(extension: str) -> DocumentError:
    """The error for a format that cannot be read, telling the user what to do instead."""
    if extension in _OLD_EXCEL_EXTENSIONS:
        message = _(
            "Old Excel workbooks (%(extension)s) cannot be read directly. Open the file in Excel "
            "or WPS, save it as .xlsx (“Save as”) and upload it again."
        ) % {"extension": extension}
    else:
        message = _(
            "Files of type %(extension)s cannot be imported. Upload a Word document (.docx, "
            ".doc or .wps), a PDF, an Excel workbook (.xlsx) or a text file (.txt), or paste "
            "the full text into the text box."
        ) % {"extension": extension}
    return DocumentError(message)


def _is_workbook(data: bytes) -> bool:
    """A zip package holding an Excel workbook rather than a Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_document(data: bytes | str, filename: str = "") -> Document:
    """Read an uploaded file (by its extension, or its signature when renamed to .txt) or pasted
    text (a str) into blocks."""
    if isinstance(data, str):
        document = read_text(data)
    else:
        extension = PurePath(filename).suffix.lower()
        if data.startswith(_OLE) and extension == ".docx":
            raise DocumentError(
                _(
                    "The file %(name)s is not a valid .docx document: it is password-protected "
                    "or an old Word document renamed. Remove the password or save it again as "
                    ".docx in Word or WPS, or copy the full text and paste it into the text box."
                )
                % {"name": filename}
            )
        zipped = data.startswith(_ZIP)
        if extension == ".pdf" or (extension in _TEXT_EXTENSIONS and data.startswith(_PDF)):
            document = read_pdf(data, filename)
        elif extension in _EXCEL_EXTENSIONS or (
            extension in _TEXT_EXTENSIONS and zipped and _is_workbook(data)
        ):
            document = read_xlsx(data, filename)
        elif extension == ".docx" or (extension in _TEXT_EXTENSIONS and zipped):
            document = read_docx(data, filename)
        elif extension in _TEXT_EXTENSIONS and not data.startswith((_OLE, _PDF, _RTF)):
            document = read_text(decode_text(data))
        elif extension in _CONVERTED_EXTENSIONS or (
            extension in _TEXT_EXTENSIONS and data.startswith((_OLE, _RTF))
        ):
            document = read_docx(convert_to_docx(data, filename), filename)
        else:
            raise _unsupported(extension)
    if not document.blocks:
        raise DocumentError(
            _(
                "The document is empty. Upload the document that contains the plan, or paste "
                "its full text into the text box."
            )
        )
    return document
