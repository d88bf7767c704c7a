"""The kinds of file a progress report may carry: what the content must be, how it is named
and whether a browser shows it inline. A leaf module, used by the attachment model and by the
upload checks in ``tasks.workspace.attachments``."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    content_type: str
    extensions: tuple
    # Shown in the browser (photos, PDF) rather than downloaded.
    inline: bool = False


KINDS = {
    kind.code: kind
    for kind in (
        Kind("jpeg", _("JPEG image"), "image/jpeg", ("jpg", "jpeg", "jfif"), inline=True),
        Kind("png", _("PNG image"), "image/png", ("png",), inline=True),
        Kind("gif", _("GIF image"), "image/gif", ("gif",), inline=True),
        Kind("webp", _("WebP image"), "image/webp", ("webp",), inline=True),
        Kind("pdf", _("PDF document"), "application/pdf", ("pdf",), inline=True),
        Kind(
            "docx",
            _("Word document"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        Kind(
            "xlsx",
            _("Excel workbook"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ("xlsx",),
        ),
        Kind(
            "pptx",
            _("PowerPoint presentation"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ("pptx",),
        ),
        Kind("doc", _("Word 97-2003 document"), "application/msword", ("doc",)),
        Kind("xls", _("Excel 97-2003 workbook"), "application/vnd.ms-excel", ("xls",)),
        Kind(
            "ppt", _("PowerPoint 97-2003 presentation"), "application/vnd.ms-powerpoint", ("ppt",)
        ),
    )
}
