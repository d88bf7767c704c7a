"""A generated file sent as a download, named in Chinese for people and in ASCII for old
clients."""

from urllib.parse import quote

from django.http import HttpResponse

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def content_disposition(name, fallback):
    """An attachment header: ``fallback`` (ASCII) for old clients, the UTF-8 name for the rest
    (RFC 6266 / RFC 5987)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download(data, name, fallback):
    """``data`` (bytes) as an attachment called ``name``; the type follows the extension."""
    extension = fallback.rpartition(".")[2]
    response = HttpResponse(data, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition(name, fallback)
    response["Content-Length"] = str(len(data))
    # A plan or a ledger may be read on a shared office computer: not kept after logout.
    response["Cache-Control"] = "private, no-store"
    return response
