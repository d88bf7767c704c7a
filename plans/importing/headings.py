"""Headings: split a heading's text into its title and the body that follows inline; find a
heading written in square brackets. The label a heading starts with is read by
``plans.wording.labels``."""

from __future__ import annotations

import re

from .text import SENTENCE_END, strip_closing

# The start of the body of a heading run on without punctuation, as in
# "（二）加强组织领导各单位要把宣传工作摆上重要议程": the addressees of an instruction and its verb.
_BODY_START_RE = re.compile(
    r"(?:全市)?(?:各级工会(?:组织)?|各级|各单位|各地|各部门|各基层工会|各产业工会|"
    r"各县(?:（市、区）|\(市、区\))?(?:总)?工会|各区(?:县)?(?:总)?工会|市总工会|今年)"
    r"(?:要|将|应|须|必须|需)"
)
# A heading's words before the body starts: fewer would cut a title such as "推动各级工会…".
_BODY_START_MIN = 4
# A short lead-in closed by a colon is the title: "工作目标：到年底…".
_COLON_TITLE_MAX = 20
# A heading in square brackets on a line of its own, "【思想引领】": a few words, no sentence
# and no colon (a bracketed note "【牵头单位：宣教部】" is no heading).
_BRACKETED_RE = re.compile(r"[【〖［\[]\s*([^【】〖〗［］\[\]：:。；;！？!?]{2,30}?)\s*[】〗］\]]")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def split_title(text: str) -> tuple[str, str]:
    """(title, body) of a heading's text: the title is its first sentence, up to the first 。 or
    ；, or the whole text when it stands alone. A heading run into its body without punctuation
    is cut where an instruction to its addressees begins ("各单位要…"). Nothing is dropped
    but the punctuation."""
    text = text.strip()
    end = next((i for i, c in enumerate(text) if c in SENTENCE_END), len(text))
    colon = next((i for i, c in enumerate(text[:end]) if c in "：:"), None)
    if (
        colon is not None
        and colon <= _COLON_TITLE_MAX
        and not any(c in "，," for c in text[:colon])
    ):
        end = colon
    else:
        match = _BODY_START_RE.search(text, _BODY_START_MIN, end)
        if match:
            return strip_closing(text[: match.start()]), text[match.start() :].strip()
    return strip_closing(text[:end]), text[end + 1 :].strip()


def bracketed_title(text: str) -> str | None:
    """The words of a heading written in square brackets on a line of its own ("【思想引领】",
    "〖文化阵地〗"), or None."""
    match = _BRACKETED_RE.fullmatch(text.strip())
    if match is None or not _CJK_RE.search(match.group(1)):
        return None
    return match.group(1)
