"""How much one imported document may hold, and the messages when it holds more.

An upload of at most 20 MB can still unpack to gigabytes (a zip bomb) or ask for a table of
thirty million columns (a gridSpan of 30000000): a worker reading it grew to 5 GB and was
killed. Every reader therefore counts what it unpacks and produces and stops at the first
limit passed with a DocumentError the user can act on. The limits are far above any real work
plan (a few hundred tasks, a few hundred thousand characters) and far below what hurts a
worker; parsing stays under a few seconds at the limits. Tests lower them with monkeypatch,
so they are read from this module at each use."""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _

from .model import DocumentError, ParsedTask

# The .docx package (a zip): its files, each unpacked, and all of them together. XML parts are
# parsed into trees twenty times their size (a 31 MB document.xml took a worker to 590 MB);
# pictures are only held.
MAX_PARTS = 1_000
MAX_XML_PART_BYTES = 16 * 2**20
MAX_PART_BYTES = 32 * 2**20
MAX_PACKAGE_BYTES = 96 * 2**20
# What the readers produce.
MAX_CHARACTERS = 2_000_000
MAX_PARAGRAPHS = 50_000
MAX_TABLE_ROWS = 20_000
MAX_TABLE_CELLS = 200_000  # grid cells, merged ones counted in each column they span
MAX_TABLE_COLUMNS = 100
# The parsed plan. A real plan has under 300 tasks; more is flagged, beyond MAX_TASKS refused.
MAX_TASKS = 2_000
USUAL_TASKS = 300
MAX_NAMES = 500  # different units, and different leaders, named in one plan
# Top-level numbering starting again this often means several plans, or one plan repeated.
RESTARTS_WARNING = 3

_CHUNK = 2**20


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


def _too_large_package(filename: str, limit: int) -> DocumentError:
    """The error for a package beyond a limit; ``limit`` is the size in bytes it passed."""
    return DocumentError(
        _(
            "The file %(name)s unpacks to more than %(limit)s or more than %(parts)d files, far "
            "more than a work plan needs; it may be damaged or hold very large pictures. Remove "
            "the pictures and save it again, or copy the plan's text and paste it into the text "
            "box."
        )
        % {
            "name": filename or ".docx",
            "limit": _megabytes(limit),
            "parts": MAX_PARTS,
        }
    )


def check_package(data: bytes, filename: str) -> None:
    """Refuse a .docx package whose parts unpack beyond the limits, before python-docx reads
    them all into memory. The sizes in the zip's directory are checked first; each part is then
    unpacked in chunks that are thrown away, and counted, because those sizes can lie. A
    damaged package raises zipfile's or zlib's own errors, for the reader to report."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = package.infolist()
        if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_PACKAGE_BYTES:
            raise _too_large_package(filename, MAX_PACKAGE_BYTES)
        for part in parts:
            if part.file_size > _part_limit(part):
                raise _too_large_package(filename, _part_limit(part))
        total = 0
        for part in parts:
            total += _unpacked_size(package, part, total, filename)


def _part_limit(part: zipfile.ZipInfo) -> int:
    xml = part.filename.lower().endswith((".xml", ".rels"))
    return MAX_XML_PART_BYTES if xml else MAX_PART_BYTES


def _unpacked_size(package: zipfile.ZipFile, part: zipfile.ZipInfo, before: int, name: str) -> int:
    """The real unpacked size of ``part``, read in chunks that are thrown away; raises as soon
    as it passes the part's limit or, with ``before`` bytes already unpacked, the package's."""
    size, limit = 0, _part_limit(part)
    with package.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise _too_large_package(name, limit)
            if before + size > MAX_PACKAGE_BYTES:
                raise _too_large_package(name, MAX_PACKAGE_BYTES)
    return size


class Budget:
    """What a reader has produced so far: paragraphs, characters, table rows and cells. Each
    count raises DocumentError as soon as it passes its limit, so a reader never builds more
    than the limits allow."""

    def __init__(self) -> None:
        self.characters = 0
        self.paragraphs = 0
        self.rows = 0
        self.cells = 0

    def text(self, length: int) -> None:
        self.characters += length
        if self.characters > MAX_CHARACTERS:
            raise DocumentError(
                _(
                    "The document holds more than %(limit)d characters of text, far more than a "
                    "work plan. Import the plan alone, without other documents attached to it."
                )
                % {"limit": MAX_CHARACTERS}
            )

    def paragraph(self, length: int) -> None:
        self.paragraphs += 1
        if self.paragraphs > MAX_PARAGRAPHS:
            raise DocumentError(
                _(
                    "The document has more than %(limit)d paragraphs, far more than a work plan. "
                    "Import the plan alone, without other documents attached to it."
                )
                % {"limit": MAX_PARAGRAPHS}
            )
        self.text(length)

    def row(self, width: int) -> None:
        self.rows += 1
        self.cells += width
        if self.rows > MAX_TABLE_ROWS or self.cells > MAX_TABLE_CELLS:
            raise DocumentError(
                _(
                    "The tables of the document have more than %(rows)d rows or %(cells)d "
                    "cells, far more than a work plan. Import the plan alone, or split its "
                    "task table."
                )
                % {"rows": MAX_TABLE_ROWS, "cells": MAX_TABLE_CELLS}
            )

    @staticmethod
    def columns(count: int) -> None:
        """A table grid, a merged cell or the cells a row skips, ``count`` columns wide."""
        if count > MAX_TABLE_COLUMNS:
            raise DocumentError(
                _(
                    "A table of the document is %(count)d columns wide; tables of up to "
                    "%(limit)d columns can be read. The file may be damaged: save it again as "
                    ".docx in Word or WPS, or copy the plan's text and paste it into the text box."
                )
                % {"count": count, "limit": MAX_TABLE_COLUMNS}
            )


def check_text(text: str) -> None:
    """Refuse pasted or decoded text beyond the character limit before it is split."""
    if len(text) > MAX_CHARACTERS:
        Budget().text(len(text))


def check_plan(tasks: list[ParsedTask]) -> None:
    """Refuse a parsed plan with more tasks, or more different names, than the limits: the
    preview lists every name and saving writes every task."""
    if len(tasks) > MAX_TASKS:
        raise DocumentError(
            _(
                "The document holds %(count)d tasks; plans of up to %(limit)d tasks can be "
                "imported, and a work plan usually has far fewer. Check that the document holds "
                "one plan only, or split it."
            )
            % {"count": len(tasks), "limit": MAX_TASKS}
        )
    units = {name for task in tasks for name in (*task.lead_units, *task.supporting_units)}
    leaders = {name for task in tasks for name in task.leaders}
    if max(len(units), len(leaders)) > MAX_NAMES:
        raise DocumentError(
            _(
                "The document names more than %(limit)d different units or leaders, far more "
                "than a work plan. Check that the responsibility notes of its tasks are what "
                "the plan says."
            )
            % {"limit": MAX_NAMES}
        )


def plan_warnings(task_count: int, top_labels: list[tuple[str, int | None]]) -> list[str]:
    """Warnings for a plan that looks like several plans, or one plan pasted many times:
    unusually many tasks, and top-level numbering (一、二、…, given as (family, number) of each
    top-level item) starting again and again."""
    warnings = []
    restarts = 0
    last: dict[str, int] = {}
    for family, number in top_labels:
        if number is None:
            continue
        if family in last and number <= last[family]:
            restarts += 1
        last[family] = number
    if restarts >= RESTARTS_WARNING:
        warnings.append(
            _(
                "The numbering of the top-level sections starts again %(count)d times: the "
                "document may hold several plans, or the same plan pasted repeatedly. Check "
                "that it is the one plan to import."
            )
            % {"count": restarts}
        )
    if task_count > USUAL_TASKS:
        warnings.append(
            _(
                "The plan has %(count)d tasks; a work plan usually has fewer than %(usual)d. "
                "Check that the document holds one plan, not several or one repeated."
            )
            % {"count": task_count, "usual": USUAL_TASKS}
        )
    return warnings
