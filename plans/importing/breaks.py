"""Where a paragraph broken by a blank line goes on: text copied from a PDF viewer breaks every
line of the page, and a line may end on a closing quote or book-title mark in mid-sentence
("…开展“学党史、颂党恩、立足岗位作贡献”" / "主题征文、演讲…")."""

from __future__ import annotations

from .text import SENTENCE_END

# Marks that close a quotation, a title or a bracket: a line ending on one may end a paragraph
# or only a phrase.
_CLOSING_MARKS = "”」』》）)"
_OPENING_OF = {"”": "“", "」": "「", "』": "『", "》": "《", "）": "（", ")": "("}


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
