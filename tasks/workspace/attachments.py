"""Which files a report may carry, decided from their content.

A file is accepted when its first bytes (and, for Office files, its inner structure) show one of
the kinds below, its name ends in an extension of that kind and it is no larger than
``settings.ATTACHMENT_MAX_BYTES``. The extension alone never decides: a renamed program is
refused, and so is a photo named ``.pdf``.

- images: JPEG, PNG, GIF, WebP
- PDF
- Office Open XML (.docx, .xlsx, .pptx): a zip whose ``[Content_Types].xml`` declares the main
  part of a Word document, a workbook or a presentation, and which contains that part
  (macro-enabled files and templates are refused)
- legacy Office (.doc, .xls, .ppt): an OLE compound file holding a ``WordDocument``,
  ``Workbook``/``Book`` or ``PowerPoint Document`` stream
"""

import zipfile
from pathlib import PurePath
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext

from tasks.models import Attachment
from tasks.models.file_kinds import KINDS, Kind  # noqa: F401 — the catalogue
from unionplans.lib import compound

# What the file picker offers (the content is checked all the same).
ACCEPT = ",".join(
    [f".{ext}" for kind in KINDS.values() for ext in kind.extensions]
    + ["image/jpeg", "image/png", "image/gif", "image/webp"]
)

OLE_SIGNATURE = compound.SIGNATURE
ZIP_SIGNATURE = b"PK\x03\x04"

_OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# [Content_Types].xml of a real document is a few kilobytes.
_CONTENT_TYPES_MAX = 1024 * 1024


def max_bytes():
    return settings.ATTACHMENT_MAX_BYTES


def detect(fileobj):
    """The code of the kind ``fileobj`` is, from its content, or None. Leaves it at offset 0."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    try:
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head[:6] in (b"GIF87a", b"GIF89a"):
            return "gif"
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return "webp"
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(ZIP_SIGNATURE):
            return _ooxml_kind(fileobj)
        if head.startswith(OLE_SIGNATURE):
            return compound.office_kind(fileobj)
        return None
    finally:
        fileobj.seek(0)


def _ooxml_kind(fileobj):
    try:
        with zipfile.ZipFile(fileobj) as archive:
            try:
                info = archive.getinfo("[Content_Types].xml")
            except KeyError:
                return None
            if info.file_size > _CONTENT_TYPES_MAX:
                return None
            xml = archive.read(info)
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        return None
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        return None  # a package's content types never declare any: refuse, do not parse
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return None
    for override in root.iter(f"{_CONTENT_TYPES_NS}Override"):
        kind = _OOXML_MAIN_TYPES.get(override.get("ContentType", ""))
        part = override.get("PartName", "").lstrip("/")
        if kind and part in names:
            return kind
    return None


def extension_of(name):
    return PurePath(name).suffix.lower().lstrip(".")


def check(upload):
    """The ``Kind`` of an uploaded file, or ValidationError saying clearly why it is refused."""
    name = PurePath(upload.name or "").name
    limit = max_bytes()
    if upload.size == 0:
        raise ValidationError(gettext("“%(name)s” is empty.") % {"name": name}, code="empty")
    if upload.size > limit:
        raise ValidationError(
            gettext("“%(name)s” is larger than %(limit)s MB. Attach a smaller file.")
            % {"name": name, "limit": _megabytes(limit)},
            code="too_large",
        )
    code = detect(upload)
    if code is None:
        raise ValidationError(
            gettext(
                "“%(name)s” is not a kind of file we accept. Attach photos (JPEG, PNG, GIF, "
                "WebP), PDF files or Office documents (Word, Excel, PowerPoint)."
            )
            % {"name": name},
            code="type",
        )
    kind = KINDS[code]
    if extension_of(name) not in kind.extensions:
        raise ValidationError(
            gettext(
                "“%(name)s” is a %(kind)s but its name does not end in %(extensions)s. "
                "Rename it and attach it again."
            )
            % {
                "name": name,
                "kind": kind.label,
                "extensions": " / ".join(f".{ext}" for ext in kind.extensions),
            },
            code="extension",
        )
    return kind


def _megabytes(size):
    value = size / (1024 * 1024)
    return f"{value:g}" if value >= 1 else f"{value:.2f}"


# --- A unit's storage quota -------------------------------------------------------------------
# Each report may carry MAX_FILES files of ATTACHMENT_MAX_BYTES, and a unit may report as often
# as it likes: without a total per unit, any reporter could fill the disk.


def unit_usage(unit):
    """Bytes taken by the attachments of all ``unit``'s reports."""
    total = Attachment.objects.filter(report__unit=unit).aggregate(total=Sum("size"))["total"]
    return total or 0


def check_quota(unit, uploads):
    """ValidationError (code "quota") when ``uploads`` would take ``unit`` past
    ``settings.ATTACHMENT_UNIT_QUOTA_BYTES``."""
    adding = sum(upload.size for upload in uploads)
    used, quota = unit_usage(unit), settings.ATTACHMENT_UNIT_QUOTA_BYTES
    if adding and used + adding > quota:
        raise ValidationError(
            gettext(
                "Your unit's attachments already take %(used)s MB of the %(quota)s MB it may "
                "store; these files (%(size)s MB) would go over. Attach fewer or smaller files, "
                "or ask the system administrator to raise the limit."
            )
            % {"used": _megabytes(used), "quota": _megabytes(quota), "size": _megabytes(adding)},
            code="quota",
        )
