"""The text of a PDF table cell: its glyphs → lines → the cell's paragraphs.

Cells are narrow, so their lines wrap often, and a wrap is not a paragraph: "宣教部、机关" /
"党委" is one unit. A line ends a paragraph of the cell only when the first word of the next
line would have fitted after it (so the author broke the line there), or when the next line
opens with a label ("2．"). A full stop at the edge is no sign: sentences run on in a cell."""

from __future__ import annotations

import itertools
import statistics

from plans.wording.labels import match_label

from .pdf_text import Glyph, Line, glyph_text, group_lines, join_lines

# Punctuation that may not open a line: a wrap carries the character before it along.
_NO_LINE_START = "，。、；：？！）》」』”’,.;:?!)%"


def _advance(lines: list[Line]) -> float:
    """The usual distance from one character to the next: a character's width with its gap."""
    steps = [
        b.x0 - a.x0
        for line in lines
        for a, b in itertools.pairwise(line.glyphs)
        if not a.char.isascii() and 0 < b.x0 - a.x0 < 2 * line.size
    ]
    return statistics.median(steps) if steps else max(line.size for line in lines)


def _first_word_width(line: Line, advance: float) -> float:
    """The room the next line's first word needs: a run of Latin letters and digits, or one
    Chinese character, with the punctuation that may not be separated from it."""
    glyphs = line.glyphs
    end = 1
    if glyphs[0].char.isascii() and glyphs[0].char.isalnum():
        while end < len(glyphs) and glyphs[end].char.isascii() and glyphs[end].char.isalnum():
            end += 1
    while end < len(glyphs) and glyphs[end].char in _NO_LINE_START:
        end += 1
    return glyphs[end - 1].x1 - glyphs[0].x0 + (advance - (glyphs[0].x1 - glyphs[0].x0))


def cell_text(glyphs: list[Glyph], left: float, right: float) -> str:
    """The cell's text; its paragraphs separated by "\\n"."""
    lines = [line for line in group_lines(glyphs) if glyph_text(line.glyphs).strip()]
    if not lines:
        return ""
    # The cell's padding, taken to be the same on both sides.
    edge = right - max(0.0, min(line.x0 for line in lines) - left)
    advance = _advance(lines)
    parts = [lines[0].text.strip()]
    for previous, line in itertools.pairwise(lines):
        text = line.text.strip()
        last = previous.glyphs[-1]
        # A full-width mark ("。", "，") takes a whole character's room, whatever its ink.
        end = max(previous.x1, last.x0 + advance if not last.char.isascii() else last.x1)
        room = edge - end
        if room >= _first_word_width(line, advance) + 0.25 * advance or match_label(text):
            parts.append(text)
        else:
            parts[-1] = join_lines(parts[-1], text)
    return "\n".join(parts)
