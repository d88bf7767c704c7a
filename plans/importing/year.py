"""The year of a plan: of its title, else of its cover notice (document number or issue date,
read by frontmatter.py), else of its preamble, else of its deadlines, else the year its text
names most."""

from __future__ import annotations

import re
from collections import Counter

from .responsibility import extract_notes

# A year as plans write it: "2017年", not one end of a range "2021—2025年".
_YEAR_RE = re.compile(r"(?<![\d—–\-~～至到])((?:19|20)\d{2})\s*年(?!\s*[—–\-~～至到]\s*\d)")


def find_year(title: str, notice: int | None, preamble: str, texts: list[str]) -> int | None:
    match = _YEAR_RE.search(title)
    if match:
        return int(match.group(1))
    if notice:
        return notice
    match = _YEAR_RE.search(preamble)
    if match:
        return int(match.group(1))
    deadlines = [note for text in texts for note in extract_notes(text)[1]]
    for text in deadlines:
        match = _YEAR_RE.search(text)
        if match:
            return int(match.group(1))
    years = Counter(int(m.group(1)) for text in texts for m in _YEAR_RE.finditer(text))
    return years.most_common(1)[0][0] if years else None
