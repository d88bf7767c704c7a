"""The generated plans of import_bench.py in the other formats people upload: PDF (of the text
plan laid out as an official document, and of the .docx task table, ruled and without rules),
Excel (.xlsx), old Excel (.xls) and old Word (.doc). PDF, .doc and .xls are made by LibreOffice,
one soffice run per target; without LibreOffice they are left out."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

SECTIONS = "一二三四五六七八九十"
HEADER = ["序号", "工作任务", "主要内容", "牵头部门", "配合部门", "完成时限"]


def table_rows(tasks: int) -> list[list[str]]:
    """The 任务分工表 of generated_docx as rows: a section row (one cell) per section."""
    rows = [HEADER]
    per_section = max(1, tasks // len(SECTIONS))
    number = 0
    for section in SECTIONS:
        if number >= tasks:
            break
        rows.append([f"{section}、第{section}方面的重点工作"])
        for _ in range(min(per_section, tasks - number)):
            number += 1
            rows.append(
                [
                    str(number),
                    f"开展第{number}项重点活动",
                    f"组织职工广泛参与，新建职工书屋{number % 30 + 1}家。",
                    "宣教部",
                    "组织部、办公室",
                    f"{number % 12 + 1}月底前",
                ]
            )
    return rows


def generated_xlsx(tasks: int) -> bytes:
    """The task table as an Excel workbook: a title row, the header, merged section rows."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["XX市总工会2024年宣传教育工作任务分工表"])
    for row in table_rows(tasks):
        sheet.append([int(row[0]) if row[0].isdigit() else row[0], *row[1:]])
        if len(row) == 1:
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row,
                              end_column=len(HEADER))  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def official_docx(text: str) -> bytes:
    """A text plan as an official document: centred title, indented paragraphs, page numbers
    "— n —" in the footer."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    document = docx.Document()
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    run = footer.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    run._r.append(parse_xml(f"<w:instrText {nsdecls('w')}> PAGE </w:instrText>"))
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))
    footer.add_run(" —")
    for index, line in enumerate(text.split("\n")):
        paragraph = document.add_paragraph(line)
        if index == 0:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.paragraph_format.first_line_indent = Pt(21)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def libreoffice(documents: dict[str, tuple[bytes, str]]) -> dict[str, bytes]:
    """{name: (bytes, "pdf", "doc" or "xls")} → {name: converted bytes}; {} without soffice.
    .xls files are made of .xlsx workbooks, the others of .docx documents."""
    from plans.importing.readers.office import find_soffice

    soffice = find_soffice()
    if soffice is None:
        return {}
    converted = {}
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        for target in ("pdf", "doc", "xls"):
            source = "xlsx" if target == "xls" else "docx"
            names = [name for name, (_, kind) in documents.items() if kind == target]
            for name in names:
                (root / f"{name}.{source}").write_bytes(documents[name][0])
            if not names:
                continue
            subprocess.run(
                [soffice, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless",
                 "--convert-to", target, "--outdir", str(root / "out"),
                 *(str(root / f"{name}.{source}") for name in names)],
                check=True, capture_output=True, timeout=600,
            )  # fmt: skip
            for name in names:
                converted[name] = (root / "out" / f"{name}.{target}").read_bytes()
    return converted
