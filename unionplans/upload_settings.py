"""The upload limits (unionplans/lib/uploads.py, docs/security.md "Input and uploads"), read
from the environment and checked together; ``unionplans/settings.py`` imports them."""

from django.core.exceptions import ImproperlyConfigured

from unionplans.env import env_int

__all__ = [
    "ATTACHMENT_MAX_BYTES",
    "ATTACHMENT_UNIT_QUOTA_BYTES",
    "DATA_UPLOAD_MAX_MEMORY_SIZE",
    "FILE_UPLOAD_HANDLERS",
    "FILE_UPLOAD_MAX_MEMORY_SIZE",
    "IMPORT_MAX_BYTES",
    "UPLOAD_FILE_MAX_BYTES",
    "UPLOAD_MAX_BYTES",
]

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The form fields of one request, files aside (a pasted plan is well under a megabyte); past it
# Django answers 400 before reading the body.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MB", 5) * 1024 * 1024
# The largest file a progress report may carry (tasks/attachments.py), in megabytes.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 20) * 1024 * 1024
if ATTACHMENT_MAX_BYTES <= 0:
    raise ImproperlyConfigured("ATTACHMENT_MAX_MB must be a positive number of megabytes.")
# The largest document the import page takes (plans/forms/importing.py), in megabytes.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 20) * 1024 * 1024
# A file larger than any form takes is dropped as it arrives, never stored whole.
UPLOAD_FILE_MAX_BYTES = max(ATTACHMENT_MAX_BYTES, IMPORT_MAX_BYTES)
# All the files of one request together (a report's attachments): a request declaring more is
# cut off at its first file.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", max(50, UPLOAD_FILE_MAX_BYTES // 1024**2)) * 1024**2
# All the attachments of one unit's reports together (tasks/workspace/attachments.py).
ATTACHMENT_UNIT_QUOTA_BYTES = env_int("ATTACHMENT_UNIT_QUOTA_MB", 500) * 1024 * 1024
if IMPORT_MAX_BYTES <= 0 or ATTACHMENT_UNIT_QUOTA_BYTES <= 0 or DATA_UPLOAD_MAX_MEMORY_SIZE <= 0:
    raise ImproperlyConfigured(
        "IMPORT_MAX_MB, ATTACHMENT_UNIT_QUOTA_MB and DATA_UPLOAD_MAX_MB must be positive."
    )
if UPLOAD_MAX_BYTES < UPLOAD_FILE_MAX_BYTES:
    raise ImproperlyConfigured(
        "UPLOAD_MAX_MB must be at least ATTACHMENT_MAX_MB and IMPORT_MAX_MB: one file of the "
        "largest size allowed must fit in a request."
    )
FILE_UPLOAD_HANDLERS = [
    "unionplans.lib.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
