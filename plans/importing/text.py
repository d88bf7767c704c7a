"""Small text helpers shared by the readers and the parser: cleaning, clauses, quotes."""

from __future__ import annotations

import functools
import re

# Word bookmarks and anchors that survive a .docx → text conversion (pandoc, LibreOffice):
# "[bookmark: _GoBack]", "[bookmark: _Hlk1543096]", "{#_Toc123 .anchor}".
_RESIDUE_RE = re.compile(r"\[bookmark:[^\]\n]*\]|\{#_[^}\n]*\}")
# Characters that are invisible but break matching: zero-width spaces/joiners, BOM, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Every kind of space Word and WPS emit (NBSP, ideographic 　, thin/en/em spaces, tab) → " ".
_SPACES = {ord(c): " " for c in "\u00a0\u3000\u2002\u2003\u2004\u2005\u2006\u2007\u2008"}
_SPACES.update({ord(c): " " for c in "\u2009\u200a\u202f\u205f\t"})
# Full-width digits (１２３) occur in plans typed with a Chinese IME.
_DIGITS = {0xFF10 + i: str(i) for i in range(10)}
# Vertical tab / form feed / line and paragraph separators are line breaks in Word exports.
_BREAKS = {ord(c): "\n" for c in "\x0b\x0c\u2028\u2029\x85"}
_TRANSLATION = {**_INVISIBLE, **_SPACES, **_DIGITS, **_BREAKS}
# Remaining control characters (NUL, Word's cell marks \x07 …) carry no text.
_CONTROL_RE = re.compile(r"[\x00-\x09\x0e-\x1f\x7f]")
_MULTI_SPACE_RE = re.compile(r" {2,}")
# Anything clean_text would change; most paragraphs have none, and skipping them is much faster.
_DIRTY_RE = re.compile(
    "[" + re.escape("".join(map(chr, _TRANSLATION))) + r"\x00-\x1f\x7f\[{]| {2,}"
)


def clean_text(text: str) -> str:
    """Normalise spaces and digits and drop conversion residue; keeps line breaks."""
    if not _DIRTY_RE.search(text.replace("\n", "")):
        return text
    text = text.translate(_TRANSLATION).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_RE.sub("", _RESIDUE_RE.sub("", text))
    return _MULTI_SPACE_RE.sub(" ", text)


def clean_line(text: str) -> str:
    return clean_text(text).strip()


# Page numbers as Chinese documents print them: "— 1 —", "-1-", "- 12 -", "第1页", "第 1 页 共 3
# 页", "1/3", "1 / 3", "Page 1", or a number alone.
_PAGE_NUMBER_RE = re.compile(
    r"^(?:[—–\-－~·•\s]*\d{1,4}[—–\-－~·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$"
)


def is_page_number(text: str, alone: bool = True) -> bool:
    """Whether a line is a page number; with ``alone`` False, a number alone is not one (a
    pasted table's 序号 may stand on a line of its own), only one set off as page numbers
    are ("— 1 —", "第1页")."""
    text = text.strip()
    return bool(_PAGE_NUMBER_RE.match(text)) and (alone or not text.isdecimal())


# A half-width full stop closing a Chinese sentence ("做好典型宣传. 全年…", typed with the
# input method in English punctuation): after a Chinese character or a closing mark, before a
# space, a Chinese character or the end. Never in a figure (1.5) or between Latin letters.
_HALF_STOP_RE = re.compile(
    r"(?<=[\u4e00-\u9fff”’》」』）)])\.(?:[ \t]+|(?=[\u4e00-\u9fff“‘《「『（(])|$)"
)


def full_stops(text: str) -> str:
    """``text`` with its half-width full stops closing Chinese sentences written "。", so that
    sentences, titles and targets are split there as in full-width text. ``text`` starts after
    any label ("一." is a label, not a sentence)."""
    return _HALF_STOP_RE.sub("。", text) if "." in text else text


# --- Sentences and clauses --------------------------------------------------------------------

SENTENCE_END = "。！？!?；;…"
# Punctuation after which a line is complete; a line ending otherwise may continue on the next.
LINE_END = SENTENCE_END + "：:）)”」』》】.．"
OPENING = "（(“「『《【[‘"
CLOSING = "）)”」』》】]’"
_PAIRS = dict(zip(OPENING, CLOSING, strict=True))


def _in_figure(text: str, index: int) -> bool:
    """A thousands separator or decimal point inside a figure: "15,000", "1.5"."""
    return (
        text[index] in ",."
        and 0 < index < len(text) - 1
        and text[index - 1].isdigit()
        and text[index + 1].isdigit()
    )


def split_clauses(text: str, separators: str = "，,；;。！？!?、") -> list[tuple[int, int]]:
    """Spans of the clauses of a sentence, split at separators outside brackets and quotes,
    so that "县（市、区）总工会" and "“学党史、颂党恩”" stay whole."""
    spans: list[tuple[int, int]] = []
    expected: list[str] = []
    start = 0
    for index, char in enumerate(text):
        if char in _PAIRS:
            expected.append(_PAIRS[char])
        elif expected and char == expected[-1]:
            expected.pop()
        elif char in CLOSING and char in expected:
            # An unbalanced closing bracket: recover at the matching level.
            while expected and expected.pop() != char:
                pass
        elif char in separators and not expected and not _in_figure(text, index):
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


@functools.lru_cache(maxsize=16)
def _separators_pattern(separators: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(separators) + "]")


def split_outside_brackets(text: str, separators: str) -> list[str]:
    if not any(c in _PAIRS for c in text):  # the usual case, done by re.split
        parts = _separators_pattern(separators).split(text)
        return [part.strip() for part in parts if part.strip()]
    return [text[s:e].strip() for s, e in split_clauses(text, separators)]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotes and book-title marks: “健步121”, 《…2021—2025年…》, "五一"."""
    spans: list[tuple[int, int]] = []
    for opening, closing in (("“", "”"), ("《", "》"), ("「", "」"), ("‘", "’"), ('"', '"')):
        position = 0
        while (start := text.find(opening, position)) != -1:
            end = text.find(closing, start + 1)
            if end == -1:
                break
            spans.append((start, end + 1))
            position = end + 1
    return spans


def strip_closing(text: str) -> str:
    """A title without its closing punctuation (。；;：: and commas)."""
    return text.strip().rstrip("。；;：:，,、. ．").strip()


# A notice spells the plan's title with other quotes, dots and dashes than the plan itself:
# 《…“中国梦·劳动美——…”…》 vs “中国梦・劳动美--…”.
_MATCHING_IGNORED_RE = re.compile(r"[\s“”\"'‘’《》「」]")
_MATCHING_DOTS_RE = re.compile(r"[·・•．.]")
_MATCHING_DASHES_RE = re.compile(r"[—–\-－]+")


def normalise_for_matching(text: str) -> str:
    """Text reduced for comparing two spellings of one title (notice vs plan)."""
    text = _MATCHING_IGNORED_RE.sub("", text)
    text = _MATCHING_DOTS_RE.sub("·", text)
    return _MATCHING_DASHES_RE.sub("—", text)
