"""Refusing an upload that is too large while it arrives, not after.

Django's own handlers write a file to memory or a temporary file whole before any form looks at
its size: a 300 MB file would be received in full, and fill the disk, before "over 20 MB" is
said. ``LimitedUploadHandler`` comes first in ``FILE_UPLOAD_HANDLERS`` and counts the bytes as
they are read:

- a request whose declared length (Content-Length) is over ``UPLOAD_MAX_BYTES`` is cut off at
  its first file: nothing of the files is read (``StopUpload(connection_reset=True)``); the
  fields before them (the CSRF token, the text typed) are kept;
- a file that passes ``UPLOAD_FILE_MAX_BYTES`` is dropped at once (``SkipFile``): the rest of it
  is read past, never stored (the request is at most ``UPLOAD_MAX_BYTES``), and the other fields
  and files are kept.

Either way the reason is kept on the request; ``refusals(request)`` gives it to the view, which
shows it on the form. Files received before a cut-off are closed by Django, so a view with
refusals must not read ``request.FILES``.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.utils.translation import gettext

_REFUSALS = "_upload_refusals"


def _megabytes(size):
    value = size / (1024 * 1024)
    return f"{value:g}" if value >= 1 else f"{value:.2f}"


def _refuse(request, message):
    if request is not None:
        getattr(request, _REFUSALS).append(message)


class LimitedUploadHandler(FileUploadHandler):
    """Counts what each file and the whole request bring, and stops at the limits."""

    def __init__(self, request=None):
        super().__init__(request)
        self.declared = 0
        self.received = 0
        self.in_file = 0
        if request is not None:
            setattr(request, _REFUSALS, [])

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Raising here would be a 500: the parser only catches StopUpload around the parts.
        self.declared = content_length or 0

    def _request_refused(self):
        _refuse(
            self.request,
            gettext(
                "The files sent together are larger than %(limit)s MB, so they were not "
                "received. Send fewer or smaller files at a time."
            )
            % {"limit": _megabytes(settings.UPLOAD_MAX_BYTES)},
        )
        raise StopUpload(connection_reset=True)

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.in_file = 0
        if self.declared > settings.UPLOAD_MAX_BYTES:
            self._request_refused()

    def receive_data_chunk(self, raw_data, start):
        self.in_file += len(raw_data)
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            self._request_refused()  # the declared length understated the body
        if self.in_file > settings.UPLOAD_FILE_MAX_BYTES:
            _refuse(
                self.request,
                gettext("“%(name)s” is larger than %(limit)s MB. Attach a smaller file.")
                % {"name": self.file_name, "limit": _megabytes(settings.UPLOAD_FILE_MAX_BYTES)},
            )
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) holds the file


def refusals(request):
    """Why files of this request were not received (messages for the form), or []."""
    request.FILES  # noqa: B018 — the body is parsed (and the limits applied) on first access
    return list(getattr(request, _REFUSALS, []))
