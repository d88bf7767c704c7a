"""Plain text (.txt files and pasted text) → Document: guess the encoding, one paragraph a line."""

from __future__ import annotations

import codecs

from .. import limits
from ..model import Document, Paragraph
from ..text import clean_text

# UTF-32 first: its little-endian BOM begins with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes) -> str:
    """Decode the bytes of a text file saved by Notepad, WPS, Word or a Chinese Windows:
    a BOM decides; NUL bytes mean UTF-16 without BOM; then strict UTF-8, then GB18030 (a
    superset of GBK and GB2312); never raises, replacing what cannot be decoded."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if encoding == "utf-32-le" and len(body) % 4:
                continue  # FF FE 00 00 can also start UTF-16 LE text beginning with NUL
            return body.decode(encoding, errors="replace")
    if b"\x00" in data:
        # UTF-16 without BOM: ASCII characters (digits, line breaks) have a zero high byte,
        # which sits at odd offsets in little-endian and at even offsets in big-endian.
        zeros_odd, zeros_even = data[1::2].count(0), data[0::2].count(0)
        order = (
            ("utf-16-le", "utf-16-be") if zeros_odd >= zeros_even else ("utf-16-be", "utf-16-le")
        )
        for encoding in order:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
        return data.decode(order[0], errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3:  # UTF-8 cut inside its last character
            return data.decode("utf-8", errors="replace")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def read_text(text: str) -> Document:
    """One paragraph per non-empty line; a blank line is kept as gap_before of the next one."""
    limits.check_text(text)  # before cleaning and splitting make copies of it
    budget = limits.Budget()
    paragraphs: list[Paragraph] = []
    gap = False
    for line in clean_text(text).split("\n"):
        line = line.strip()
        if not line:
            gap = True
            continue
        budget.paragraph(len(line))
        paragraphs.append(Paragraph(line, gap_before=gap and bool(paragraphs)))
        gap = False
    return Document(tuple(paragraphs))
