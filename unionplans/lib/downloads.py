"""A generated file sent as a download, named in Chinese for people and in ASCII for old
clients."""

from urllib.parse import quote

from django.http import FileResponse, HttpResponse

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def content_disposition(name, fallback):
    """An attachment header: ``fallback`` (ASCII) for old clients, the UTF-8 name for the rest
    (RFC 6266 / RFC 5987)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _headers(response, name, fallback):
    response["Content-Disposition"] = content_disposition(name, fallback)
    # A plan or a ledger may be read on a shared office computer: not kept after logout.
    response["Cache-Control"] = "private, no-store"
    return response


def download(data, name, fallback):
    """``data`` (bytes) as an attachment called ``name``; the type follows the extension."""
    extension = fallback.rpartition(".")[2]
    response = HttpResponse(data, content_type=CONTENT_TYPES[extension])
    response["Content-Length"] = str(len(data))
    return _headers(response, name, fallback)


def download_file(file, name, fallback):
    """An open binary ``file`` streamed as an attachment called ``name`` (a large file is never
    read whole into memory); the response closes it."""
    extension = fallback.rpartition(".")[2]
    response = FileResponse(file, content_type=CONTENT_TYPES[extension])
    return _headers(response, name, fallback)
