"""read_document: uploaded bytes (or pasted text) → Document, or a DocumentError telling the user
what to do with a format that cannot be read."""

from __future__ import annotations

from pathlib import PurePath

from django.utils.translation import gettext as _

from ..model import Document, DocumentError
from .plain import decode_text, read_text
from .word import read_docx

__all__ = ["decode_text", "read_document", "read_docx", "read_text"]

_TEXT_EXTENSIONS = {"", ".txt", ".text", ".md"}
# File signatures, so that a renamed file is still recognised for what it is.
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .et and encrypted .docx
_PDF = b"%PDF"
_RTF = b"{\\rtf"


def _unsupported(extension: str, data: bytes) -> DocumentError:
    """The error for a format that cannot be read, telling the user what to do instead."""
    if extension == ".doc" or (extension not in (".wps", ".wpt") and data.startswith(_OLE)):
        message = _(
            "Old Word documents (.doc) cannot be read directly. Open the file in Word or WPS, "
            "save it as .docx (“Save as”) and upload it again, or copy the full text and paste "
            "it into the text box."
        )
    elif extension in (".wps", ".wpt"):
        message = _(
            "WPS documents (.wps) cannot be read directly. Open the file in WPS, save it as "
            ".docx (“Save as”) and upload it again, or copy the full text and paste it into the "
            "text box."
        )
    elif extension == ".rtf" or data.startswith(_RTF):
        message = _(
            "Rich text documents (.rtf) cannot be read directly. Open the file in Word or WPS, "
            "save it as .docx (“Save as”) and upload it again, or copy the full text and paste "
            "it into the text box."
        )
    elif extension == ".pdf" or data.startswith(_PDF):
        message = _(
            "PDF files cannot be imported because they do not keep the structure of the plan. "
            "Upload the original Word document (.docx), or copy the full text and paste it into "
            "the text box."
        )
    else:
        message = _(
            "Files of type %(extension)s cannot be imported. Upload a Word document (.docx) or "
            "a text file (.txt), or paste the full text into the text box."
        ) % {"extension": extension}
    return DocumentError(message)


def read_document(data: bytes | str, filename: str = "") -> Document:
    """Read an uploaded .docx or .txt file, or pasted text (a str), into blocks."""
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
        if extension == ".docx" or (extension in _TEXT_EXTENSIONS and data.startswith(_ZIP)):
            document = read_docx(data, filename)
        elif extension in _TEXT_EXTENSIONS and not data.startswith((_OLE, _PDF, _RTF)):
            document = read_text(decode_text(data))
        else:
            raise _unsupported(extension, data)
    if not document.blocks:
        raise DocumentError(
            _(
                "The document is empty. Upload the document that contains the plan, or paste "
                "its full text into the text box."
            )
        )
    return document
