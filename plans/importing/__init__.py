"""Import a union's annual work plan (工作要点) from a .docx, .doc, .wps, PDF, .xlsx, .xls, .et
or .txt file, or pasted text.

    plan = parse_document(uploaded.read(), uploaded.name)   # or parse_plan(read_document(...))
    plan.to_dict()                                          # the JSON contract of the importer

Everything here is pure: no database, no files (but the private temporary directory in which
LibreOffice converts a .doc, .wps, .xls or .et); only DocumentError is raised, with a message
for the user."""

from __future__ import annotations

from .model import (
    Block,
    Document,
    DocumentError,
    Paragraph,
    ParsedPlan,
    ParsedSection,
    ParsedTarget,
    ParsedTask,
    Table,
    TableRow,
)
from .readers import read_document
from .responsibility import Responsibility, parse_responsibility
from .structure import parse_plan
from .targets import find_targets

__all__ = [
    "Block",
    "Document",
    "DocumentError",
    "Paragraph",
    "ParsedPlan",
    "ParsedSection",
    "ParsedTarget",
    "ParsedTask",
    "Responsibility",
    "Table",
    "TableRow",
    "find_targets",
    "parse_document",
    "parse_plan",
    "parse_responsibility",
    "read_document",
]


def parse_document(data: bytes | str, filename: str = "", year: int | None = None) -> ParsedPlan:
    """Read and parse an uploaded file (bytes and its name) or pasted text (a str)."""
    return parse_plan(read_document(data, filename), year=year)
