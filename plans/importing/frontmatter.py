"""The top of a document: the plan's title (possibly split over several short lines) and the
cover notice (…关于印发…的通知) a plan is often wrapped in, whose own points are not the plan."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import gettext as _

from plans.wording.labels import match_label
from plans.wording.numerals import digits_to_int

from .breaks import LineBreaks
from .model import Block, Paragraph
from .responsibility import starts_with_note
from .text import normalise_for_matching, quoted_spans

# Lines around a title that are not part of it: dates "（2021年3月1日）", "2020年5月6日",
# approvals "（2021年3月1日市总工会十届三次全委会议通过）", document numbers "乐市工发〔2020〕5号",
# letterheads "乐山市总工会文件", drafting marks "（征求意见稿）", a form's "填报单位：…"; and the
# imprint closing an official document: "抄送：…", "XX市总工会办公室 2024年3月1日印发",
# "（此件公开发布）", "（此页无正文）".
_META_RE = re.compile(
    r"^(?:[（(][^（）()]*\d{4}\s*年[^（）()]*[）)]"
    r"|[^，。]{0,24}[〔\[【(（]\d{4}[〕\]】)）]\s*\d+\s*号"
    r"|(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|[〇零一二三四五六七八九]{4}\s*年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)"
    r"\s*(?:印发|发布|制发|通过)?"
    r"|.{2,24}文件"
    r"|(?:签发人|密级|紧急程度|抄送|印发)[：:].*"
    r"|(?:填报|填表|报送)(?:单位|部门|时间|日期|人)[：:].*"
    r"|[^，。]{2,30}?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发"
    r"|[（(]此(?:页无正文|件[^（）()]{0,10})[）)]"
    r"|[（(]?(?:征求意见稿|讨论稿|草案|送审稿)[）)]?)$"
)
# "附件", "附件1：", "附件：2021年工作要点" — what follows the colon may be the plan title.
_ATTACHMENT_RE = re.compile(r"^附\s*件\s*\d*\s*[：:]?\s*")
# The title of a cover notice: "关于印发《…》的通知", "…关于转发…的通知".
_NOTICE_TITLE_RE = re.compile(r"(?:关于|印发|转发|下发).*(?:通知|函)$")
# The addressee line of a notice: "各县（市、区）总工会，乐山高新区工会，…：".
_ADDRESSEE_RE = re.compile(r"^各.{1,300}[：:]$")
_NAMED_RE = re.compile(r"《(.+?)》")
_NAMED_WITHOUT_MARKS_RE = re.compile(r"(?:印发|转发|下发)(.+?)的?(?:通知|函)$")
# Words that name a plan, to recognise its title when the notice does not name it.
_PLAN_WORDS_RE = re.compile(r"要点|方案|清单|计划|安排|分工|意见|举措|细则|任务|规划")
_TITLE_MAX_LENGTH = 60
_TITLE_MAX_LINES = 5
# The year of a cover notice: its document number "…工发〔2015〕18号" ("【2015】", "[2015]"), or
# its issue date on a line of its own, "2015年5月13日" or "二〇一五年五月十三日".
_NUMBER_YEAR_RE = re.compile(r"[〔\[【]\s*((?:19|20)\d{2})\s*[〕\]】]")
_DATE_YEAR_RE = re.compile(
    r"^(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月"
    r"\s*[\d一二三四五六七八九十]{1,3}\s*日\s*(?:印发|发布|制发)?$"
)
# A space that is a typing or conversion slip: beside a Chinese character or full-width mark.
_STRAY_SPACE_RE = re.compile(r"(?<=[\u2e80-\uffef]) +| +(?=[\u2e80-\uffef])")


@dataclass
class FrontMatter:
    title: str
    start: int  # index of the first block after the title
    warnings: list[str] = field(default_factory=list)
    year: int | None = None  # from a cover notice's document number or date

    def __post_init__(self) -> None:
        self.title = tidy_title(self.title)


def _year(text):
    """A year as written in a date: 2015 or 二〇一五."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdecimal() else digits_to_int(text)


def tidy_title(title: str) -> str:
    """A title without stray spaces ("…工作的 实施方案"); spaces inside quotes are the author's
    ("“决胜小康 奋斗有我”")."""
    if " " not in title:
        return title
    quoted = quoted_spans(title)
    return _STRAY_SPACE_RE.sub(
        lambda m: m.group(0) if any(s < m.start() < e for s, e in quoted) else "", title
    )


def _year_before(blocks: list[Block], end: int) -> int | None:
    """The year of the document number, or else of the issue date, above the plan's title; only
    on lines of their own, not in a sentence citing an older document."""
    texts = [b.text for b in blocks[:end] if isinstance(b, Paragraph) and is_meta_line(b.text)]
    for text in texts:
        match = _NUMBER_YEAR_RE.search(text)
        if match:
            return int(match.group(1))
    for text in texts:
        match = _DATE_YEAR_RE.match(text)
        year = _year(match.group(1)) if match else None
        if year and 1900 <= year < 2100:
            return year
    return None


def is_meta_line(text: str) -> bool:
    return bool(_META_RE.match(text))


def is_title_like(text: str) -> bool:
    """A short unnumbered line without sentence punctuation: a (part of a) title."""
    return (
        0 < len(text) <= _TITLE_MAX_LENGTH
        and not any(c in "。；;！？!?，," for c in text)
        and text[-1] not in "：:"
        and match_label(text) is None
        and not starts_with_note(text)
    )


def _title_group(
    blocks: list[Block], start: int, width: float | None = None
) -> tuple[list[str], int]:
    """The title lines from start on (meta lines skipped) and the index after them. In text
    hard-wrapped at ``width`` (copied from a PDF), a full line is body text, not title."""
    lines: list[str] = []
    index = start
    while index < len(blocks) and isinstance(blocks[index], Paragraph):
        text = blocks[index].text
        if is_meta_line(text) or (not lines and _ATTACHMENT_RE.fullmatch(text)):
            index += 1  # "附件1" above a plan sent as an attachment is not part of its title
            if lines:
                break
            continue
        full = width is not None and len(text) >= width
        if not is_title_like(text) or full or len(lines) >= _TITLE_MAX_LINES:
            break
        lines.append(text)
        index += 1
    return lines, index


def _similarity(named: str, candidate: str) -> float:
    named, candidate = normalise_for_matching(named), normalise_for_matching(candidate)
    if not named or not candidate:
        return 0.0
    if named == candidate:
        return 1.0
    # "XX市总工会2021年工作要点" for 《2021年工作要点》, but not the signature "XX市总工会".
    shorter, longer = sorted((len(named), len(candidate)))
    if (named in candidate or candidate in named) and shorter >= 0.6 * longer:
        return 0.9
    return SequenceMatcher(None, named, candidate, autojunk=False).ratio()


def _named_plan(notice_title: str) -> str | None:
    match = _NAMED_RE.search(notice_title) or _NAMED_WITHOUT_MARKS_RE.search(notice_title)
    return match.group(1).strip() if match else None


def _find_plan_title(
    blocks: list[Block], start: int, named: str | None, width: float | None
) -> tuple[str, int, int] | None:
    """(title, index of its first line, index after it) of the plan inside a notice."""
    best: tuple[float, str, int, int] | None = None
    index = start
    while index < len(blocks):
        block = blocks[index]
        if not isinstance(block, Paragraph):
            index += 1
            continue
        attachment = _ATTACHMENT_RE.match(block.text)
        if attachment:
            # "附件" alone announces the plan; "附件：2021年工作要点" names it.
            rest = block.text[attachment.end() :].strip(" 《》")
            if not rest:
                index += 1
                continue
            lines, end = [rest], index + 1
        else:
            lines, end = _title_group(blocks, index, width)
        if not lines:
            index += 1
            continue
        title = "".join(lines)
        if named:
            score = _similarity(named, title)
            if score >= 0.85:
                return title, index, end
            if score >= 0.6 and (best is None or score > best[0]):
                best = (score, title, index, end)
        elif _PLAN_WORDS_RE.search(title) and not _NOTICE_TITLE_RE.search(title):
            return title, index, end
        index = end
    return best[1:] if best else None


def read_front_matter(blocks: list[Block]) -> FrontMatter:
    """Find the plan's title and where the plan starts, skipping a cover notice."""
    width = LineBreaks(blocks).width
    lines, end = _title_group(blocks, 0, width)
    first_title = "".join(lines)
    following = blocks[end].text if end < len(blocks) and isinstance(blocks[end], Paragraph) else ""
    is_notice = bool(first_title) and (
        bool(_NOTICE_TITLE_RE.search(first_title))
        or (first_title.endswith(("通知", "函")) and bool(_ADDRESSEE_RE.match(following)))
    )
    if not is_notice:
        return FrontMatter(first_title, end, year=_year_before(blocks, end))
    found = _find_plan_title(blocks, end, _named_plan(first_title), width)
    if found is None:
        return FrontMatter(
            first_title,
            end,
            [
                _(
                    "The document begins like a cover notice (“%(notice)s”), but the plan it "
                    "sends could not be found inside it; the notice was read as the plan."
                )
                % {"notice": first_title}
            ],
            year=_year_before(blocks, end),
        )
    title, first_line, plan_start = found
    title = tidy_title(title)
    return FrontMatter(
        title,
        plan_start,
        [
            _("The cover notice “%(notice)s” was skipped; the plan starts at “%(title)s”.")
            % {"notice": first_title, "title": title}
        ],
        year=_year_before(blocks, first_line),
    )
