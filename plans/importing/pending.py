"""An upload waiting in the preview: its file under MEDIA_ROOT/imports/, what was read from it
beside it as JSON, its settings in the user's session. Saving moves the file into the plan.

The document is read and parsed once, when it is uploaded: a plan near the limits takes a second
or two to parse, and the preview is loaded again after every correction and on saving. The
preview shows a bounded part of it (PREVIEW_TASKS tasks, SOURCE_LINES lines of the source,
PREVIEW_WARNINGS warnings) so that its page stays small whatever the plan's size.

Corrections (split, merge, task ↔ section: plans.importing.corrections) change the plan as read:
the corrected plan is kept beside the upload (``<token>.edited.json``, with a version counted up
at each change, so that a form shown before another change is refused rather than applied to
the wrong task) and the plans before the last UNDO_STEPS corrections in ``<token>.undo.json``.
Every section and task carries a key (a random word: a key from another preview names nothing
here); what was read first stays as it was, for "start again from the file"."""

import dataclasses
import datetime
import json
import secrets
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.importing import ParsedPlan, parse_plan, read_document
from plans.importing.corrections import CorrectionError, correct
from plans.importing.model import Paragraph

SESSION_KEY = "pending_imports"
KEEP = 10  # pending uploads kept per session; older ones are deleted
# Uploads nobody saved (a closed tab, an expired session) are deleted after this long.
STALE_AFTER = datetime.timedelta(days=2)
# What the preview shows of a large plan; every task is saved.
PREVIEW_TASKS = 200
PREVIEW_WARNINGS = 50
SOURCE_LINES = 1_000
SOURCE_LINE_CHARACTERS = 300
UNDO_STEPS = 5  # corrections that can be undone, one after the other


def _edited_path(token):
    return f"imports/{token}.edited.json"


def _undo_path(token):
    return f"imports/{token}.undo.json"


def _items(plan_sections, data_sections):
    """(item, its dict) of every section and task, walking a plan and its JSON together."""
    for section, data in zip(plan_sections, data_sections, strict=True):
        yield section, data
        yield from zip(section.tasks, data["tasks"], strict=True)
        yield from _items(section.sections, data["sections"])


def dump_plan(plan):
    """The plan as JSON (ParsedPlan.to_dict), each item with its key; items without one are
    given one."""
    data = plan.to_dict()
    for item, item_data in _items(plan.sections, data["sections"]):
        item.key = item.key or secrets.token_hex(4)
        item_data["key"] = item.key
    return data


def load_plan(data):
    """The plan ``dump_plan`` wrote, with its keys. JSON kept before the preview had keys gets
    keys by position (the same at every load)."""
    plan = ParsedPlan.from_dict(data)
    for position, (item, item_data) in enumerate(_items(plan.sections, data["sections"])):
        item.key = item_data.get("key") or f"p{position}"
    return plan


def _write_json(path, value):
    # The storage would choose another name for a file that exists: replace it.
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(json.dumps(value, ensure_ascii=False).encode("utf-8")))


def _read_json(path, default=None):
    if not default_storage.exists(path):
        return default
    with default_storage.open(path, "rb") as source:
        return json.loads(source.read().decode("utf-8"))


class StaleCorrection(CorrectionError):
    """A correction posted from a page shown before another change of the preview."""


def _source_lines(document):
    """The document as read, a line per paragraph or table row, as much as the preview shows;
    and how many lines are left out."""
    lines = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines.extend(" | ".join(cell for cell in row.cells) for row in block.rows)
    shown = [line[:SOURCE_LINE_CHARACTERS] for line in lines[:SOURCE_LINES]]
    return shown, len(lines) - len(shown)


class PendingImport:
    def __init__(self, request, token, entry):
        self.request = request
        self.token = token
        self.entry = entry
        self._read = None
        self._edited = None

    @classmethod
    def store(cls, request, data, filename, owner, year):
        """Read an upload (bytes, or pasted text as a str) and keep it, with the plan read from
        it, for the preview. Raises DocumentError, keeping nothing, when it cannot be imported."""
        document = read_document(data, filename)
        parsed = parse_plan(document, year=year)
        lines, more_lines = _source_lines(document)
        token = secrets.token_urlsafe(12)
        if isinstance(data, str):
            data, filename = data.encode("utf-8"), "pasted.txt"
        safe_name = PurePath(filename).name[-100:] or "document"
        path = default_storage.save(f"imports/{token}/{safe_name}", ContentFile(data))
        read = {"plan": dump_plan(parsed), "source_lines": lines, "more_lines": more_lines}
        content = ContentFile(json.dumps(read, ensure_ascii=False).encode("utf-8"))
        # Beside the upload's folder, so that no uploaded file name can clash with it.
        parsed_path = default_storage.save(f"imports/{token}.json", content)
        pending = request.session.get(SESSION_KEY, {})
        pending[token] = {
            "path": path,
            "parsed": parsed_path,
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
        # An entry without "parsed" was kept by a version that parsed on every preview: it is
        # uploaded again.
        if entry is None or "parsed" not in entry:
            return None
        if not entry["plan"] and not (
            default_storage.exists(entry["path"]) and default_storage.exists(entry["parsed"])
        ):
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

    def _what_was_read(self):
        if self._read is None:
            with default_storage.open(self.entry["parsed"], "rb") as source:
                self._read = json.loads(source.read().decode("utf-8"))
        return self._read

    def _corrected(self):
        if self._edited is None:
            self._edited = _read_json(_edited_path(self.token), default={})
        return self._edited

    def parse(self):
        """The plan read from the upload, with the corrections made to it (a new ParsedPlan at
        each call: the view edits it)."""
        return load_plan(self._corrected().get("plan") or self._what_was_read()["plan"])

    @property
    def version(self):
        """How many times the plan was changed in the preview (corrections, undos, starting
        again): the correction forms carry it."""
        return self._corrected().get("version", 0)

    @property
    def corrected(self):
        """Whether the plan differs from what was read from the file."""
        return bool(self._corrected().get("plan"))

    @property
    def can_undo(self):
        return self._corrected().get("undo", 0) > 0

    def _check_version(self, version):
        if version != self.version:
            raise StaleCorrection(
                _(
                    "The preview was changed after this page was shown (in another tab?). Here "
                    "it is as it is now: make the correction again if it is still needed."
                )
            )

    def _keep(self, plan, undo):
        """Keep ``plan`` as the corrected plan and ``undo`` as the plans before it."""
        undo = undo[-UNDO_STEPS:]
        _write_json(_undo_path(self.token), undo)
        self._edited = {
            "version": self.version + 1,
            "plan": dump_plan(plan) if plan is not None else None,
            "undo": len(undo),
        }
        _write_json(_edited_path(self.token), self._edited)

    def correct(self, version, action, key, paragraph=None):
        """Make one correction (plans.importing.corrections) and keep it; returns what was done.
        Raises CorrectionError (StaleCorrection for an old page) and keeps nothing."""
        self._check_version(version)
        plan = self.parse()
        before = dump_plan(plan) if self.corrected else None
        done = correct(plan, action, key, paragraph)
        self._keep(plan, [*_read_json(_undo_path(self.token), default=[]), before])
        return done

    def undo(self, version):
        """Go back to the plan before the last correction."""
        self._check_version(version)
        undo = _read_json(_undo_path(self.token), default=[])
        if not undo:
            raise CorrectionError(_("There is no correction to undo."))
        *rest, last = undo
        self._keep(load_plan(last) if last else None, rest)

    def start_again(self, version):
        """Back to the plan as read from the file; undoing this brings the corrections back."""
        self._check_version(version)
        if not self.corrected:
            raise CorrectionError(_("The plan is as read from the file already."))
        undo = _read_json(_undo_path(self.token), default=[])
        self._keep(None, [*undo, self._corrected()["plan"]])

    def source_lines(self):
        """The start of the document as read, a line per paragraph or table row, for the
        preview; and how many more lines it has."""
        read = self._what_was_read()
        return read["source_lines"], read["more_lines"]

    def source_file(self):
        return ContentFile(self.data(), name=self.filename)

    def finish(self, plan):
        """Remember the plan made from this upload, so a second submit does not make another."""
        pending = self.request.session.get(SESSION_KEY, {})
        pending[self.token]["plan"] = plan.pk
        self.request.session[SESSION_KEY] = pending
        self.discard_file()

    def discard_file(self):
        paths = (
            self.entry.get("path"),
            self.entry.get("parsed"),
            _edited_path(self.token),
            _undo_path(self.token),
        )
        for path in paths:
            if path and default_storage.exists(path):
                default_storage.delete(path)


def preview_sections(sections, limit=PREVIEW_TASKS):
    """Copies of ``sections`` (ParsedSection) holding only their first ``limit`` tasks in
    document order, sections left empty dropped; and how many tasks were left out.

    The corrections offered are those of the whole plan, which they change: each task shown
    says whether its section has a task after it (``has_next``: it can be merged with it, shown
    or not), each section whether it has subsections (``has_sections``: then it cannot become
    a task), whatever the preview leaves out."""
    shown = []
    left = limit
    hidden = 0
    for section in sections:
        if left <= 0:
            hidden += sum(1 for _task in section.all_tasks())
            continue
        tasks = section.tasks[:left]
        for index, task in enumerate(tasks):
            task.has_next = index + 1 < len(section.tasks)
        left -= len(tasks)
        hidden += len(section.tasks) - len(tasks)
        children, children_hidden = preview_sections(section.sections, left)
        left -= sum(1 for child in children for _task in child.all_tasks())
        hidden += children_hidden
        copy = dataclasses.replace(section, tasks=tasks, sections=children)
        copy.has_sections = bool(section.sections)
        shown.append(copy)
    return shown, hidden


def discard_stale(now=None):
    """Delete the files of uploads older than STALE_AFTER, and what was read from them,
    whoever left them."""
    limit = (now or timezone.now()) - STALE_AFTER
    try:
        tokens, files = default_storage.listdir("imports")
    except FileNotFoundError:
        return
    paths = [f"imports/{name}" for name in files]
    for token in tokens:
        _dirs, names = default_storage.listdir(f"imports/{token}")
        paths += [f"imports/{token}/{name}" for name in names]
    for path in paths:
        if default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)
