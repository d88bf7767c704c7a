"""Documents built to exhaust a server: a .docx whose document.xml unpacks to hundreds of
megabytes, and a small .docx whose table cell spans thirty million columns."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from tests.plans.importing.helpers import docx_bytes

SPAN_BOMB_SPAN = 30_000_000
_PARAGRAPH = "<w:p><w:r><w:t>一、加强职工思想政治引领工作</w:t></w:r></w:p>".encode()


def rezip(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The package ``data`` with ``parts`` (name → content) added or replaced, deflated."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info, source.read(info))
        for name, content in parts.items():
            target.writestr(name, content)
    return output.getvalue()


def expanding_bomb(path: Path, megabytes: int = 300) -> Path:
    """Write to ``path`` a valid .docx whose document.xml unpacks to ``megabytes`` MB of
    paragraphs (about 1 MB as a file), streamed so that the test never holds it."""
    base = docx_bytes(lambda document: document.add_paragraph("2026年工作要点"))
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        xml = source.read("word/document.xml")
        head, _, _ = xml.partition(b"<w:body>")
        block = _PARAGRAPH * (2**20 // len(_PARAGRAPH))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename != "word/document.xml":
                    target.writestr(info, source.read(info))
            with target.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(head + b"<w:body>")
                for _ in range(megabytes):
                    part.write(block)
                part.write(b"</w:body></w:document>")
    return path


def span_bomb(rows: int = 40) -> bytes:
    """A small .docx with a table whose cells each span SPAN_BOMB_SPAN grid columns."""

    def build(document):
        table = document.add_table(rows=rows, cols=1)
        for number, row in enumerate(table.rows, start=1):
            cell = row.cells[0]
            cell.text = f"{number}．任务"
            cell._tc.get_or_add_tcPr().append(
                parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="{SPAN_BOMB_SPAN}"/>')
            )

    return docx_bytes(build)
