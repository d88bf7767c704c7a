"""An upload waiting in the preview: its file under MEDIA_ROOT/imports/, its settings in the
user's session. The file is parsed again for each preview (parsing takes milliseconds), so
nothing parsed is kept half-way; saving moves the file into the plan."""

import datetime
import secrets
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from plans.importing import parse_document, read_document
from plans.importing.model import Paragraph

SESSION_KEY = "pending_imports"
KEEP = 10  # pending uploads kept per session; older ones are deleted
# Uploads nobody saved (a closed tab, an expired session) are deleted after this long.
STALE_AFTER = datetime.timedelta(days=2)


class PendingImport:
    def __init__(self, request, token, entry):
        self.request = request
        self.token = token
        self.entry = entry

    @classmethod
    def store(cls, request, data, filename, owner, year):
        """Keep an upload (bytes, or pasted text as a str) for the preview."""
        token = secrets.token_urlsafe(12)
        if isinstance(data, str):
            data, filename = data.encode("utf-8"), "pasted.txt"
        safe_name = PurePath(filename).name[-100:] or "document"
        path = default_storage.save(f"imports/{token}/{safe_name}", ContentFile(data))
        pending = request.session.get(SESSION_KEY, {})
        pending[token] = {
            "path": path,
            "filename": safe_name,
            "owner": owner.pk,
            "year": year,
            "plan": None,
            "at": timezone.now().isoformat(),
        }
        for old in sorted(pending, key=lambda key: pending[key]["at"])[:-KEEP]:
            cls(request, old, pending.pop(old)).discard_file()
        request.session[SESSION_KEY] = pending
        discard_stale()
        return cls(request, token, pending[token])

    @classmethod
    def load(cls, request, token):
        """The pending import ``token`` of this session, or None."""
        entry = request.session.get(SESSION_KEY, {}).get(token)
        if entry is None or not (entry["plan"] or default_storage.exists(entry["path"])):
            return None
        return cls(request, token, entry)

    @property
    def filename(self):
        return self.entry["filename"]

    @property
    def owner_id(self):
        return self.entry["owner"]

    @property
    def year(self):
        return self.entry["year"]

    @property
    def saved_plan_id(self):
        return self.entry["plan"]

    def data(self):
        with default_storage.open(self.entry["path"], "rb") as source:
            return source.read()

    def parse(self, year=None):
        return parse_document(self.data(), self.filename, year=year or self.year)

    def source_lines(self):
        """The document as read, a line per paragraph or table row, for the preview."""
        lines = []
        for block in read_document(self.data(), self.filename).blocks:
            if isinstance(block, Paragraph):
                lines.append(block.text)
            else:
                lines.extend(" | ".join(cell for cell in row.cells) for row in block.rows)
        return lines

    def source_file(self):
        return ContentFile(self.data(), name=self.filename)

    def finish(self, plan):
        """Remember the plan made from this upload, so a second submit does not make another."""
        pending = self.request.session.get(SESSION_KEY, {})
        pending[self.token]["plan"] = plan.pk
        self.request.session[SESSION_KEY] = pending
        self.discard_file()

    def discard_file(self):
        if default_storage.exists(self.entry["path"]):
            default_storage.delete(self.entry["path"])


def discard_stale(now=None):
    """Delete the files of uploads older than STALE_AFTER, whoever left them."""
    limit = (now or timezone.now()) - STALE_AFTER
    try:
        tokens, _files = default_storage.listdir("imports")
    except FileNotFoundError:
        return
    for token in tokens:
        _dirs, names = default_storage.listdir(f"imports/{token}")
        for name in names:
            path = f"imports/{token}/{name}"
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
