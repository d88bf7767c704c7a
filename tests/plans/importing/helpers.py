"""Builders for the documents the importing tests read: .docx files made with python-docx."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from plans.importing import parse_document

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO / "plans" / "demo" / "samples"


def sample_plan(name: str):
    path = SAMPLES / name
    return parse_document(path.read_bytes(), path.name)


def docx_bytes(build) -> bytes:
    """A .docx made by build(document); returns its bytes."""
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_table(document, rows: list[list[str]], merged_rows: tuple[int, ...] = ()):
    """A table whose rows in merged_rows are one cell merged across the table."""
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for index, row in enumerate(rows):
        if index in merged_rows:
            cell = table.cell(index, 0).merge(table.cell(index, width - 1))
            cell.text = row[0]
            continue
        for column, text in enumerate(row):
            table.cell(index, column).text = text
    return table


def add_numbered_list(document, levels: list[tuple[str, str]]) -> int:
    """Define a Word numbering list (numId) whose levels are (numFmt, lvlText) pairs."""
    numbering = document.part.numbering_part.element
    abstract_id = 90 + len(numbering.findall(qn("w:abstractNum")))
    level_xml = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for level, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{level_xml}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id = 900 + abstract_id
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            "</w:num>"
        )
    )
    return num_id


def add_list_paragraph(document, text: str, num_id: int, level: int = 0):
    paragraph = document.add_paragraph(text)
    properties = paragraph._p.get_or_add_pPr()
    properties.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/>'
            "</w:numPr>"
        )
    )
    return paragraph


def parse(text: str, year=None):
    """A plan parsed from ``text``."""
    return parse_document(text, "", year=year)


def outline(plan) -> list:
    """Sections as (label, title, [subsections…], [(task label, task title)…])."""

    def section(s):
        return (
            s.label,
            s.title,
            [section(c) for c in s.sections],
            [(t.label, t.title) for t in s.tasks],
        )

    return [section(s) for s in plan.sections]
