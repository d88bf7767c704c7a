"""The text of a PDF as a person reads it: glyphs → lines → paragraphs.

A PDF knows nothing of paragraphs: it places glyphs. Lines are rebuilt from the glyphs' boxes,
then paragraphs from the lines — a line that stops short of the right margin, or closes with
。；：！？, ends one; an indented line, or one opening with a heading label ("一、", "（二）",
"3．"), starts one; so does a line after a wider gap than the usual line spacing. Where the
document indents its paragraphs (公文 do, by two characters) the indent decides: a full stop at
the margin ends nothing, and only a line well short of it ends a paragraph. Page headers,
footers and page numbers ("— 1 —", "-1-", "第1页 共3页") are dropped before that."""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field

from plans.wording.labels import match_label

from ..responsibility import starts_with_note
from ..text import is_page_number

# Closing punctuation that ends a paragraph even at the right margin.
_PARAGRAPH_END = "。；;：:！!？?"
# Headers and footers live in the outer bands of the page: this share of its height.
_RUNNING_BAND = 0.15
# Lines checked for a running header at the top and a footer at the bottom of each page.
_RUNNING_LINES = 2
# A gap between two glyphs wider than this share of the line's height is a space.
_SPACE = 0.25
# The share of lines that open indented in a document whose paragraphs are indented; about one
# line in four or five there, none where paragraphs are not.
_INDENTED_SHARE = 0.06


@dataclass(slots=True)
class Glyph:
    """One character placed on the page, with its loose box (PDF points, y upwards)."""

    char: str
    x0: float
    y0: float
    x1: float
    y1: float
    # A gap before it (set by group_lines); glyph_text keeps it only where the author meant one.
    space_before: bool = False


@dataclass(slots=True)
class Line:
    glyphs: list[Glyph] = field(default_factory=list)
    x0: float = 0.0
    x1: float = 0.0
    y0: float = 0.0
    y1: float = 0.0

    @property
    def size(self) -> float:
        """The font size, near enough: the height of the line."""
        return max(self.y1 - self.y0, 1.0)

    @property
    def text(self) -> str:
        return glyph_text(self.glyphs)

    def add(self, glyph: Glyph) -> None:
        if not self.glyphs:
            self.x0, self.x1, self.y0, self.y1 = glyph.x0, glyph.x1, glyph.y0, glyph.y1
        else:
            self.x0, self.x1 = min(self.x0, glyph.x0), max(self.x1, glyph.x1)
            self.y0, self.y1 = min(self.y0, glyph.y0), max(self.y1, glyph.y1)
        self.glyphs.append(glyph)


def _wide(char: str) -> bool:
    """Chinese characters and full-width punctuation (、。，（）“” …)."""
    return char >= "\u2e80" or char in _MARKS


# Punctuation that never has a space of the author's beside it in Chinese text.
_MARKS = "“”‘’—…·、。，；：！？（）《》【】「」『』"


def _keeps_space(before: str, after: str) -> bool:
    """PDF producers leave gaps between Chinese and Latin or digits ("2024 年", "20 场",
    "“健康中国 2030”") and beside punctuation drawn in another font; the plan's text has no
    space there. A space between two Latin words or two Chinese characters ("决胜小康 奋斗有我"),
    or after a label's dot ("1. 持续"), is the author's."""
    if not before or not after or before in _MARKS or after in _MARKS:
        return False
    if _wide(before) and after.isascii() and after.isalnum():
        return False
    return not (before.isascii() and before.isalnum() and _wide(after))


def glyph_text(glyphs: list[Glyph]) -> str:
    parts: list[str] = []
    previous = ""
    for glyph in glyphs:
        if glyph.space_before and _keeps_space(previous, glyph.char) and previous != " ":
            parts.append(" ")
        parts.append(glyph.char)
        previous = glyph.char
    return "".join(parts)


def join_lines(first: str, second: str) -> str:
    """A line wrapped inside a sentence: Chinese runs on, Latin words keep a space."""
    latin = first[-1:].isascii() and first[-1:].isalnum()
    if latin and second[:1].isascii() and second[:1].isalnum():
        return f"{first} {second}"
    return first + second


def group_lines(glyphs: list[Glyph]) -> list[Line]:
    """Glyphs → lines, top to bottom, each left to right, by position alone: a glyph whose
    middle lies within the height of the line above joins it. pdfium's own line breaks are no
    guide: in some files it breaks after every Chinese character."""
    lines: list[Line] = []
    for glyph in sorted(glyphs, key=lambda g: -(g.y0 + g.y1)):
        middle = (glyph.y0 + glyph.y1) / 2
        if lines and lines[-1].y0 <= middle <= lines[-1].y1:
            lines[-1].add(glyph)
        else:
            line = Line()
            line.add(glyph)
            lines.append(line)
    for line in lines:
        line.glyphs.sort(key=lambda g: g.x0)
        # A space is where the glyphs leave one: pdfium's own spaces (real or guessed) come in
        # its stream order, which producers scramble (quotes drawn apart in another font).
        for previous, glyph in itertools.pairwise(line.glyphs):
            glyph.space_before = glyph.x0 - previous.x1 > _SPACE * line.size
    return lines


# --- Running headers, footers and page numbers ------------------------------------------------


def _shape(text: str) -> str:
    """A header's text with its numbers blanked, so that "第3页" repeats as "第#页"."""
    return re.sub(r"\d+", "#", "".join(text.split()))


def drop_running_lines(
    pages: list[list[Line]], heights: list[float], keep: set[int] | frozenset[int] = frozenset()
) -> list[list[Line]]:
    """Remove page numbers from the top and bottom bands of each page, and the header and
    footer lines there that stand apart from the body (a wider gap than its line spacing) and
    repeat, numbers aside, at the same height on most pages. A body line that merely happens to
    look like another one elsewhere is kept: it sits at another height, or close to its
    neighbours."""
    bands = [_band_lines(lines, height) for lines, height in zip(pages, heights, strict=True)]
    step = _line_step(pages)
    apart = [_apart_lines(lines, band, step) for lines, band in zip(pages, bands, strict=True)]
    found = [(_shape(line.text), _middle(line)) for lines in apart for line in lines]
    needed = max(2, len(pages) / 2)
    kept_pages = []
    for lines, band, candidates in zip(pages, bands, apart, strict=True):
        dropped = {id(line) for line in band if is_page_number(line.text)}
        for line in candidates:
            shape, middle = _shape(line.text), _middle(line)
            if sum(1 for s, m in found if s == shape and abs(m - middle) <= 3) >= needed:
                dropped.add(id(line))
        kept_pages.append([line for line in lines if id(line) not in dropped or id(line) in keep])
    return kept_pages


def _middle(line: Line) -> float:
    return (line.y0 + line.y1) / 2


def _band_lines(lines: list[Line], height: float) -> list[Line]:
    """The first and last lines of the page that lie in its top and bottom bands."""
    top = [line for line in lines[:_RUNNING_LINES] if line.y0 > height * (1 - _RUNNING_BAND)]
    bottom = [line for line in lines[-_RUNNING_LINES:] if line.y1 < height * _RUNNING_BAND]
    return top + [line for line in bottom if line not in top]


def _line_step(pages: list[list[Line]]) -> float:
    """The usual distance between the baselines of two lines of a paragraph, in the document."""
    steps = [
        above.y0 - below.y0
        for page in pages
        for above, below in itertools.pairwise(page)
        if 0 < above.y0 - below.y0 < 3 * above.size
    ]
    return statistics.median(steps) if steps else 0.0


def _wide_gap(step: float, line: Line) -> float:
    """A gap wider than between two lines of a paragraph (pages of a table have none to go by:
    then one and a half lines)."""
    return max(1.3 * step, 1.5 * line.size)


def _apart_lines(lines: list[Line], band: list[Line], step: float) -> list[Line]:
    """The lines of the bands that a gap wider than the document's line spacing sets apart
    from the body: a header above it, a footer below it."""
    apart: list[Line] = []
    for index in range(min(_RUNNING_LINES, len(lines) - 1)):
        if lines[index] not in band:
            break
        if lines[index].y0 - lines[index + 1].y0 > _wide_gap(step, lines[index]):
            apart += lines[: index + 1]
            break
    for index in range(1, min(_RUNNING_LINES, len(lines) - 1) + 1):
        if lines[-index] not in band:
            break
        if lines[-index - 1].y0 - lines[-index].y0 > _wide_gap(step, lines[-index]):
            apart += [line for line in lines[-index:] if line not in apart]
            break
    return apart


# --- Paragraphs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Margins:
    """Where body lines start and end; measured on the document, not read from it."""

    left: float
    right: float
    spacing: float  # the usual distance between the baselines of two lines of a paragraph
    # Paragraphs open with an indent (公文 indent two characters): the indent, not a full stop
    # at the margin, tells where one starts.
    indented: bool = False

    @classmethod
    def measure(cls, pages: list[list[Line]]) -> Margins:
        lines = [line for page in pages for line in page]
        if not lines:
            return cls(0.0, 0.0, 0.0)
        lefts = sorted(line.x0 for line in lines)
        rights = sorted(line.x1 for line in lines)
        # Percentiles rather than extremes: a centred title or an over-long URL is not a margin.
        left = lefts[len(lefts) // 10]
        indents = sum(1 for line in lines if 1.2 < (line.x0 - left) / line.size < 4)
        return cls(
            left,
            rights[len(rights) * 9 // 10],
            _line_step(pages),
            indents >= max(2, len(lines) * _INDENTED_SHARE),
        )


def ends_paragraph(line: Line, text: str, right: float, indented: bool = False) -> bool:
    """The line stops short of the right edge, or closes a sentence or an announcement. Where
    paragraphs are indented, the indent marks their starts, so a line may end short by a
    character or two (a quote mark may not end a line) and a full stop at the margin ends
    nothing."""
    if indented:
        return line.x1 < right - 3 * line.size
    return line.x1 < right - 1.5 * line.size or text.rstrip()[-1:] in _PARAGRAPH_END


def starts_paragraph(line: Line, text: str, margins: Margins, above: Line | None) -> bool:
    """The line is indented, opens with a heading label or a note, or follows a wide gap."""
    if line.x0 > margins.left + 1.2 * line.size:
        return True
    if match_label(text) or starts_with_note(text):
        return True
    if above is not None and margins.spacing:
        return above.y0 - line.y0 > margins.spacing + 0.8 * line.size
    return False


def _continues_note(paragraph: str, text: str) -> bool:
    """A line opening with a field's name ("时限：长期坚持）") inside a note the paragraph above
    left open ("（责任领导：赵六；…；完成"): the note goes on, the line opens nothing."""
    label = match_label(paragraph)  # its own bracket, "1)", opens no note
    body = label.rest if label else paragraph
    return (
        body.count("（") + body.count("(") > body.count("）") + body.count(")")
        and starts_with_note(text)
        and not match_label(text)
    )


def paragraph_texts(lines: list[tuple[Line, bool]], margins: Margins) -> list[str]:
    """Join lines into paragraphs; each line comes with whether it is the first of its page
    (the gap to the line above means nothing then)."""
    paragraphs: list[str] = []
    previous: Line | None = None
    previous_text = ""
    for line, first_on_page in lines:
        text = line.text.strip()
        if not text:
            continue
        above = None if first_on_page else previous
        if (
            previous is None
            or ends_paragraph(previous, previous_text, margins.right, margins.indented)
            or (
                starts_paragraph(line, text, margins, above)
                and not _continues_note(paragraphs[-1], text)
            )
        ):
            paragraphs.append(text)
        else:
            paragraphs[-1] = join_lines(paragraphs[-1], text)
        previous, previous_text = line, text
    return paragraphs
