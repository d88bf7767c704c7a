"""Where a paragraph cut by a line break goes on. Text copied from a PDF viewer breaks every line
of the page (often with a blank line between), so a line may end anywhere: inside a heading,
inside a note "（责任领导：张慧；" / "责任部门：组宣部）", on a quote closing mid-sentence
("…开展“学党史、颂党恩”" / "主题征文…"). LineBreaks measures once whether a document is such
hard-wrapped text, and tells for each paragraph whether it continues the one before."""

from __future__ import annotations

from plans.wording.labels import match_label

from .model import Block, Paragraph
from .text import SENTENCE_END

# Marks that close a quotation, a title or a bracket: a line ending on one may end a paragraph
# or only a phrase.
_CLOSING_MARKS = "”」』》）)"
_OPENING_OF = {"”": "“", "」": "「", "』": "『", "》": "《", "）": "（", ")": "("}
# Punctuation that never opens a line of Chinese text: a paragraph starting with it was cut.
_NO_LINE_START = "，。、；：？！）》」』”,;:?!)"
# A cut line is at least this long; shorter ones are headings or titles.
_CUT_LINE_MIN = 15
# Hard-wrapped text: at least this many lines, and this share of them about as long as the
# longest ones (within _FULL_LINE of the 80th percentile).
_WRAPPED_MIN_LINES = 6
_WRAPPED_SHARE = 0.5
_FULL_LINE = 0.9


def closes_mid_sentence(text: str) -> bool:
    """Does the text end on a closing mark inside a sentence? Not when a sentence ends before
    the mark ("…。”"), nor when the bracket is a note ("（责任领导：…）", "（下同）")."""
    if not text or text[-1] not in _CLOSING_MARKS:
        return False
    end = len(text)
    while end and text[end - 1] in _CLOSING_MARKS:
        end -= 1
    if not end or text[end - 1] in SENTENCE_END:
        return False
    opening = text.rfind(_OPENING_OF[text[-1]])
    inside = text[opening + 1 : -1] if opening != -1 else ""
    return text[-1] not in "）)" or not any(mark in inside for mark in "：:下同")


def _unclosed(text: str) -> bool:
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


class LineBreaks:
    def __init__(self, blocks: list[Block]) -> None:
        lengths = sorted(
            len(block.text)
            for block in blocks
            if isinstance(block, Paragraph) and len(block.text) >= _CUT_LINE_MIN
        )
        # The length of a full line, when the text is hard-wrapped; else None.
        self.width: float | None = None
        if len(lengths) >= _WRAPPED_MIN_LINES:
            full = _FULL_LINE * lengths[len(lengths) * 4 // 5]
            if sum(1 for length in lengths if length >= full) >= _WRAPPED_SHARE * len(lengths):
                self.width = full

    def cut(self, line: str, text: str, heading_alone: bool, paragraph: Paragraph) -> bool:
        """Does ``paragraph`` continue ``text`` (the entry so far, whose last line was ``line``)
        although nothing else (a comma at the end, say) says so?"""
        following = paragraph.text
        if not text or match_label(following):
            return False
        if following[0] in _NO_LINE_START:
            return True
        copied = paragraph.gap_before or self.width is not None
        if copied and _unclosed(text):
            return True  # a note cut in two: "（责任领导：张慧；" / "责任部门：组宣部）"
        if self.width is not None and len(line) >= self.width:
            # A full line, not closing a sentence, nor a note ("…（牵头单位：宣教部）").
            return text[-1] not in "。！？!?" and not (
                text[-1] in "）)" and not closes_mid_sentence(text)
            )
        return (
            paragraph.gap_before
            and not heading_alone
            and len(text) >= _CUT_LINE_MIN
            and closes_mid_sentence(text)
        )
