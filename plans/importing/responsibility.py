"""Responsibility notes: who leads a task, who supports it, which leader answers for it and by
when, as plans write them — "（责任领导：张慧；责任部门：宣教部，机关党委、办公室；完成时限：全年）"
after the task, or "牵头单位：宣教部  配合单位：各区县总工会" on a line of its own."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from plans.wording.deadlines import is_open_ended, parse_deadline

from .text import split_outside_brackets

LEADER = "leader"
UNITS = "units"  # 责任部门: the first listed leads, the rest support ("排名第一的部室为牵头部门")
LEAD = "lead"
SUPPORT = "support"
DEADLINE = "deadline"

_LABELS = {
    LEADER: "责任领导|分管领导|牵头领导|联系领导|分管市领导|分管副主席|责任人",
    # The short forms ("牵头：文化宫；配合：各产业工会") only count with their colon.
    LEAD: "牵头单位|牵头部门|牵头部室|牵头处室|牵头科室|主办单位|主责单位|主责部门|牵头|主办",
    SUPPORT: (
        "配合单位|配合部门|配合部室|配合处室|协办单位|协办部门|参与单位|参与部门|协同单位"
        "|配合|协办|参与"
    ),
    UNITS: (
        "责任单位|责任部门|责任部室|责任处室|责任科室|责任主体|承办单位|承办部门|落实单位"
        "|负责单位|负责部门|实施单位"
    ),
    DEADLINE: (
        "完成时限|完成时间|完成期限|时间节点|时间安排|时间要求|办结时限|时限要求|进度安排"
        "|完成日期|截止时间|截止日期|完成节点|办结时间|时间|时限"
    ),
}
_KIND_OF_LABEL = {label: kind for kind, labels in _LABELS.items() for label in labels.split("|")}
_ALL_LABELS = "|".join(sorted(_KIND_OF_LABEL, key=len, reverse=True))
# A label and its colon: "责任部门：", "牵头单位:", "完成时限 ：". A label is a word of its own:
# "活动时间：" is the text's, not the field "时间：".
_LABEL_RE = re.compile(rf"(?<![\u4e00-\u9fff])({_ALL_LABELS})\s*[：:]")
# A bracketed note made of labelled fields, anywhere in a paragraph; one level of brackets may
# nest inside it, for units such as "各县（市、区）总工会".
_NOTE_RE = re.compile(
    rf"[（(【\[]\s*(?=(?:{_ALL_LABELS})\s*[：:])"
    r"((?:[^（）()【】\[\]]|[（(][^（）()]*[）)])*)[）)】\]]"
)
# A note without labels: "（宣教部牵头，组织部、办公室配合）", perhaps with its deadline after
# them ("…配合，全年）").
_MARKED_NOTE_RE = re.compile(
    r"[（(]\s*([^（）()，,；;。]{2,60}?)\s*牵头"
    r"(?:\s*[，,；;、]\s*((?:[^（）()。]|[（(][^（）()]*[）)]){2,150}?)\s*(?:配合|参与|协办))?"
    r"(?:\s*[，,；;]\s*([^（）()，,；;。]{1,20}?))?\s*[）)]"
)
# Explanations that follow the notes: "（排名第一的部室为牵头部门，下同）".
_EXPLANATION_RE = re.compile(r"[（(][^（）()]*(?:下同|为牵头|牵头部门为|排名第一)[^（）()]*[）)]")
# Unit markers inside a list: "宣教部（牵头）", "组织部牵头，办公室配合".
_LEAD_MARK_RE = re.compile(r"[（(]?牵头[）)]?$")
_SUPPORT_MARK_RE = re.compile(r"[（(]?(?:配合|协办|参与)[）)]?$")
_UNIT_SEPARATORS = "、，,；;/／ \n"
# A leader's post after the name: "张三（副主席）".
_POST_RE = re.compile(r"\s*[（(][^（）()]*[）)]$")
# Every note above contains one of these; a paragraph without them is skipped at once.
_NOTE_MARKS = ("：", ":", "牵头", "下同", "排名第一")


@dataclass
class Responsibility:
    leaders: list[str] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    supporting_units: list[str] = field(default_factory=list)
    deadline_text: str | None = None

    def is_empty(self) -> bool:
        return not (self.leaders or self.lead_units or self.supporting_units or self.deadline_text)

    def inherit(self, outer: Responsibility) -> Responsibility:
        """This task's responsibility, completed by its section's where it says nothing."""
        has_units = self.lead_units or self.supporting_units
        return Responsibility(
            leaders=self.leaders or list(outer.leaders),
            lead_units=self.lead_units if has_units else list(outer.lead_units),
            supporting_units=self.supporting_units if has_units else list(outer.supporting_units),
            deadline_text=self.deadline_text or outer.deadline_text,
        )


def split_names(text: str) -> list[str]:
    """Units or leaders of one field: split at 、，, ; / and spaces, not inside brackets, so
    "县（市、区）总工会" stays one unit; "等" closing a list is dropped; duplicates are removed."""
    return list(_split_names(text))


@functools.lru_cache(maxsize=2048)  # a plan names the same few units in every task
def _split_names(text: str) -> tuple[str, ...]:
    names = []
    for name in split_outside_brackets(text, _UNIT_SEPARATORS):
        name = name.strip("。.：: ")
        if len(name) > 2 and name.endswith("等"):
            name = name[:-1]
        if name:
            names.append(name)
    return tuple(dict.fromkeys(names))


def combine(
    leaders: str = "",
    units: str = "",
    lead: str = "",
    supporting: str = "",
    deadline: str = "",
) -> Responsibility:
    """Fields as written → Responsibility. Explicit 牵头/配合 fields override the rule that the
    first unit of 责任部门 leads; "X牵头" / "X（配合）" markers in a list are honoured."""
    lead_units, supporting_units, general = [], [], []
    for name in split_names(lead):
        lead_units.append(_LEAD_MARK_RE.sub("", name) or name)
    for name in split_names(supporting):
        supporting_units.append(_SUPPORT_MARK_RE.sub("", name) or name)
    for name in split_names(units):
        if _LEAD_MARK_RE.search(name) and _LEAD_MARK_RE.sub("", name):
            lead_units.append(_LEAD_MARK_RE.sub("", name))
        elif _SUPPORT_MARK_RE.search(name) and _SUPPORT_MARK_RE.sub("", name):
            supporting_units.append(_SUPPORT_MARK_RE.sub("", name))
        else:
            general.append(name)
    if not lead_units and general:
        lead_units, general = general[:1], general[1:]
    supporting_units = [u for u in [*general, *supporting_units] if u not in lead_units]
    deadline = "".join(deadline.split()).strip("。；;，,)）") or None
    return Responsibility(
        leaders=[_POST_RE.sub("", name) or name for name in split_names(leaders)],
        lead_units=list(dict.fromkeys(lead_units)),
        supporting_units=list(dict.fromkeys(supporting_units)),
        deadline_text=deadline,
    )


def parse_responsibility(text: str) -> Responsibility:
    """The labelled fields of a note: "责任领导：张慧；责任部门：宣教部，办公室；完成时限：全年".
    A last part without a label that reads as a deadline is one: "牵头：文化宫；10月底前完成"."""
    fields: dict[str, list[str]] = {kind: [] for kind in _LABELS}
    matches = list(_LABEL_RE.finditer(text))
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        value = text[match.end() : following.start() if following else len(text)]
        kind = _KIND_OF_LABEL[match.group(1)]
        if kind != DEADLINE:
            value, deadline = _unlabelled_deadline(value)
            if deadline:
                fields[DEADLINE].append(deadline)
        fields[kind].append(_strip_field(value))
    return combine(
        leaders="、".join(fields[LEADER]),
        units="、".join(fields[UNITS]),
        lead="、".join(fields[LEAD]),
        supporting="、".join(fields[SUPPORT]),
        deadline=fields[DEADLINE][0] if fields[DEADLINE] else "",
    )


_ANY_YEAR = 2000
_OPENING, _CLOSING = "（(【[", "）)】]"


def _strip_field(value: str) -> str:
    """A field's value without the separators around it, nor a bracket the note opened or
    closes ("（责任领导：张慧；" / "…办公室）"); a bracket of the value's own stays:
    "张三（副主席）", "各县（市、区）"."""
    value = value.strip(" ；;，,。\n")
    while value and value[0] in _OPENING and _depth(value) > 0:
        value = value[1:].strip(" ；;，,。\n")
    while value and value[-1] in _CLOSING and _depth(value) < 0:
        value = value[:-1].strip(" ；;，,。\n")
    return value


def _depth(text: str) -> int:
    """How many more brackets ``text`` opens than it closes."""
    return sum(text.count(c) for c in _OPENING) - sum(text.count(c) for c in _CLOSING)


def _reads_as_deadline(text: str) -> bool:
    """Whether ``text`` reads as a deadline, whatever the year ("10月底前" needs one to be a
    date), or is open-ended on purpose."""
    return parse_deadline(text, _ANY_YEAR) is not None or is_open_ended(text)


def _unlabelled_deadline(value: str) -> tuple[str, str]:
    """(the field's value, a deadline written after it without a label, or "")."""
    parts = split_outside_brackets(value.strip(" ；;\n"), "；;")
    if len(parts) < 2:
        return value, ""
    last = parts[-1].strip(" 。，,")
    if not _reads_as_deadline(last):
        return value, ""
    return "；".join(parts[:-1]), last


def starts_with_note(text: str) -> bool:
    """A line that is a responsibility note of its own: "责任部门：宣教部；完成时限：6月底前"."""
    return bool(_LABEL_RE.match(text.lstrip("（(【[ ")))


def extract_notes(text: str) -> tuple[str, list[str]]:
    """Remove the responsibility notes of a paragraph: bracketed notes anywhere, explanations
    such as "（排名第一的部室为牵头部门，下同）", and labelled fields that close it after a
    sentence ("…。责任部门：宣教部"). Returns the remaining text and the notes."""
    if not any(mark in text for mark in _NOTE_MARKS):  # most paragraphs: nothing to look for
        return text.strip(), []
    notes = [match.group(1) for match in _NOTE_RE.finditer(text)]
    text = _NOTE_RE.sub("", text)

    def marked(match: re.Match[str]) -> str:
        lead, supporting, deadline = match.groups()
        if deadline and not _reads_as_deadline(deadline):
            return match.group(0)  # "（宣教部牵头，确保实效）": not all of it is a note
        notes.append(
            f"牵头单位：{lead}；配合单位：{supporting or ''}"
            + (f"；完成时限：{deadline}" if deadline else "")
        )
        return ""

    text = _EXPLANATION_RE.sub("", _MARKED_NOTE_RE.sub(marked, text))
    for match in _LABEL_RE.finditer(text):
        # A note after the last sentence, or one whose bracket was closed on a later line.
        before = text[: match.start()].rstrip()
        if not before.rstrip("（(【[ ") or before[-1] in "。；;！？!?":
            notes.append(text[match.start() :])
            text = before.rstrip("（(【[ ")
            break
    return text.strip(), notes
