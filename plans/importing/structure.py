"""parse_plan: a Document → a ParsedPlan tree of sections and tasks.

The document is read as a stream of entries (numbered headings, prose, responsibility notes,
table rows); headings nest by numbering family, in the order the families first appear under
each other; numbered items with numbered children are sections, the deepest ones are tasks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from plans.wording.deadlines import parse_deadline
from plans.wording.labels import (
    BRACKETED,
    CN,
    DEFAULT_RANK,
    PART,
    UNLABELLED,
    Label,
    match_label,
)

from . import checks, limits
from .annex import drop_attachment_list, merge_annex, split_annex
from .breaks import LineBreaks
from .frontmatter import is_meta_line, is_title_like, read_front_matter, tidy_title
from .headings import bracketed_title, split_title
from .lists import lift_list_notes
from .model import (
    Block,
    Document,
    DocumentError,
    Paragraph,
    ParsedPlan,
    ParsedSection,
    ParsedTask,
    Table,
    TableRow,
)
from .responsibility import Responsibility, extract_notes, parse_responsibility, starts_with_note
from .runin import expand_run_ins
from .tables import TableHeading, TableTask, find_header, table_entries, table_lines
from .targets import find_targets
from .text import LINE_END, SENTENCE_END, clean_line, full_stops, is_page_number
from .year import find_year

# A signature closing the document: "乐山市总工会办公室", "中共XX市委宣传部".
_SIGNATURE_RE = re.compile(r"(?:工会|委员会|办公室|部|局|厅|委|中心)$")
# A line cut after these characters always continues on the next line.
_CONTINUING_END = "，,、（(“《—-/"
# A heading standing alone on its line is never joined with the paragraph after it.
_HEADING_ALONE_MAX = 60
# An unnumbered line this short without closing punctuation is a sub-heading, not a cut line.
_CUT_LINE_MIN = 15
_TOP_FAMILIES = (PART, CN)
_DEEPEST = DEFAULT_RANK[UNLABELLED]  # the rank of families of no fixed place (1.1, 1.1.1)


# --- Entries ----------------------------------------------------------------------------------


@dataclass
class _Heading:
    label: Label
    text: str
    warnings: list[str] = field(default_factory=list)  # about the item it heads


@dataclass
class _Prose:
    text: str


@dataclass
class _Note:
    text: str


_Entry = _Heading | _Prose | _Note | TableHeading | TableTask


def _clean(line: str) -> str:
    """A line cleaned (clean_line), its Chinese sentences closed by "。" after any label."""
    line = clean_line(line)
    label = match_label(line)
    if label is None:
        return full_stops(line)
    return line[: len(line) - len(label.rest)] + full_stops(label.rest)


def _clean_blocks(blocks: tuple[Block, ...]) -> list[Block]:
    cleaned: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            rows = tuple(
                TableRow(
                    tuple("\n".join(filter(None, map(_clean, c.split("\n")))) for c in row.cells),
                    row.spans_table,
                )
                for row in block.rows
            )
            table = Table(tuple(row for row in rows if any(row.cells)))
            if table.rows and find_header(table) is not None:
                cleaned.append(table)
            else:  # a layout table, or one that lists no tasks: its text is read as paragraphs
                cleaned.extend(Paragraph(line) for line in table_lines(table))
            continue
        gap = block.gap_before
        for line in block.text.split("\n"):
            line = _clean(line)
            if line and not is_page_number(line, alone=False):  # "— 2 —" in pasted text
                cleaned.append(Paragraph(line, gap_before=gap))
                gap = False
    return cleaned


def _is_heading_alone(entry: _Entry) -> bool:
    return (
        isinstance(entry, _Heading)
        and len(entry.text) <= _HEADING_ALONE_MAX
        and not any(c in SENTENCE_END for c in entry.text)
    )


def _continues(previous: _Entry, paragraph: Paragraph, breaks: LineBreaks, line: str) -> bool:
    """Is the paragraph the rest of a sentence cut by a line break or a blank line?"""
    if not isinstance(previous, _Heading | _Prose | _Note):
        return False
    if breaks.cut(line, previous.text, _is_heading_alone(previous), paragraph):
        return True  # text copied from a PDF: see breaks.py
    if isinstance(previous, _Note):
        return False
    if match_label(paragraph.text) or starts_with_note(paragraph.text):
        return False
    if bracketed_title(paragraph.text) is not None:
        return False
    if isinstance(previous, _Heading) and not previous.text:
        return True  # a label alone on its line: its heading follows
    last = previous.text[-1]
    if last in LINE_END:
        return False
    if last in _CONTINUING_END:
        return True
    if _is_heading_alone(previous):
        return False
    return paragraph.gap_before and len(previous.text) >= _CUT_LINE_MIN


def _join(first: str, second: str) -> str:
    space = " " if first[-1:].isascii() and first[-1:].isalnum() and second[:1].isascii() else ""
    if first[-1:].isdigit() and second[:1].isdigit():
        space = ""  # a figure cut by a line break: "新建书屋3" / "0家"
    return first + space + second


def _paragraph_entry(text: str) -> _Entry:
    label = match_label(text)
    if label:
        return _Heading(label, label.rest.strip())
    if starts_with_note(text):
        return _Note(text)
    bracketed = bracketed_title(text)
    if bracketed is not None:  # "【思想引领】", or "【二、队伍建设】" numbered inside
        inner = match_label(bracketed)
        if inner and inner.rest.strip():
            return _Heading(inner, inner.rest.strip())
        return _Heading(Label("", BRACKETED, None), bracketed)
    return _Prose(text)


def _entries(blocks: list[Block]) -> list[_Entry]:
    entries: list[_Entry] = []
    breaks, line = LineBreaks(blocks), ""
    for block in blocks:
        if isinstance(block, Table):
            entries.extend(table_entries(block))
            continue
        if entries and _continues(entries[-1], block, breaks, line):
            entries[-1].text = _join(entries[-1].text, block.text)
        else:
            entries.append(_paragraph_entry(block.text))
        line = block.text
    # A signature and a date closing the document belong to no task.
    while (
        entries
        and isinstance(entries[-1], _Prose)
        and (
            is_meta_line(entries[-1].text)
            or (is_title_like(entries[-1].text) and _SIGNATURE_RE.search(entries[-1].text))
        )
    ):
        entries.pop()
    return entries


def _is_structural(entry: _Entry) -> bool:
    return isinstance(entry, _Heading | TableHeading | TableTask)


def _fix_misnumbered_top(entries: list[_Entry]) -> list[str]:
    """Misnumbered top headings: "1、指导思想" followed by "二、" and "三、". Headings numbered
    1..n-1 in another style before the first "一、"-style heading numbered n are sections."""
    headings = [entry for entry in entries if isinstance(entry, _Heading)]
    first_cn = next((h for h in headings if h.label.family == CN), None)
    if first_cn is None or not first_cn.label.number or first_cn.label.number < 2:
        return []
    before = headings[: headings.index(first_cn)]
    numbers = [h.label.number for h in before]
    if (
        not before
        or len({h.label.family for h in before}) != 1
        or numbers != list(range(1, first_cn.label.number))
    ):
        return []
    warnings = []
    for heading in before:
        heading.warnings.append(
            _(
                "The heading “%(heading)s” is numbered like a task but stands before section "
                "“%(next)s”; it was read as a top-level section."
            )
            % {
                "heading": heading.label.text + split_title(heading.text)[0],
                "next": first_cn.label.text + split_title(first_cn.text)[0],
            }
        )
        warnings += heading.warnings
        heading.label = replace(heading.label, family=CN)
    return warnings


# --- The tree ---------------------------------------------------------------------------------


@dataclass
class _Node:
    label: str
    family: str
    text: str  # the heading's text after its label: title, then maybe body
    paragraphs: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    table_task: TableTask | None = None
    number: int | None = None  # of the label, to notice numbering that starts again
    warnings: list[str] = field(default_factory=list)


def _build_tree(entries: list[_Entry]) -> list[_Node]:
    """Nest headings: a heading of a family already open closes it and what is below it and
    becomes its sibling; a new family opens one level deeper, except that "一、" (or "第一部分")
    never nests under headings that are deeper by the usual order 一、 → （一） → 1. → （1）."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    current: _Node | None = None
    for entry in entries:
        if isinstance(entry, _Heading | TableHeading):
            label = entry.label
            family = label.family if label else UNLABELLED
            open_positions = [i for i, node in enumerate(stack) if node.family == family]
            if open_positions:
                del stack[open_positions[-1] :]
            elif family in _TOP_FAMILIES and all(
                DEFAULT_RANK[family] < DEFAULT_RANK.get(node.family, _DEEPEST) for node in stack
            ):
                stack.clear()
            text = entry.text if isinstance(entry, _Heading) else entry.title
            node = _Node(
                label.text if label else "",
                family,
                text,
                number=getattr(label, "number", None),
                warnings=list(getattr(entry, "warnings", ())),
            )
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
            current = node
        elif isinstance(entry, TableTask):
            closed = [i for i, node in enumerate(stack) if node.family == entry.level]
            if closed:  # "3" after the rows of section "2" of an outline: their sibling
                del stack[closed[-1] :]
            label = entry.label.strip()  # 序号 "1", "2"…
            number = int(label) if label.isdecimal() and len(label) <= 3 else None
            node = _Node(entry.label, "table_task", entry.heading, table_task=entry, number=number)
            if entry.body:
                node.paragraphs.append(entry.body)
            (stack[-1].children if stack else roots).append(node)
            current = stack[-1] if stack else node
        elif current is not None:
            current.paragraphs.append(entry.text)
    return roots


# --- From nodes to the parsed plan ------------------------------------------------------------


@dataclass
class _Content:
    title: str
    body: str
    responsibility: Responsibility


def _content(node: _Node) -> _Content:
    heading, notes = extract_notes(node.text)
    paragraphs = []
    for paragraph in node.paragraphs:
        text, paragraph_notes = extract_notes(paragraph)
        notes += paragraph_notes
        if text:
            paragraphs.append(text)
    if not heading and paragraphs:
        heading = paragraphs.pop(0)
    title, rest = split_title(heading)
    title = tidy_title(title)  # "成立 100 周年" in text copied from a PDF
    responsibility = parse_responsibility("；".join(notes)) if notes else Responsibility()
    if node.table_task:
        responsibility = node.table_task.responsibility.inherit(responsibility)
    return _Content(title, "\n".join(p for p in [rest, *paragraphs] if p), responsibility)


class _Converter:
    def __init__(self, year: int | None) -> None:
        self.year = year

    def plan_sections(self, roots: list[_Node]) -> tuple[list[ParsedSection], bool]:
        single_level = not any(node.children for node in roots)
        sections: list[ParsedSection] = []
        loose: ParsedSection | None = None  # root items that are tasks, in an untitled section
        for node in roots:
            if node.table_task or single_level:
                if loose is None or sections[-1] is not loose:  # a run of them, in its place
                    loose = ParsedSection(label="", title="")
                    sections.append(loose)
                loose.tasks.append(self.task(node, Responsibility()))
            else:
                sections.append(self.section(node, Responsibility()))
        return sections, single_level and not all(node.table_task for node in roots)

    def section(self, node: _Node, inherited: Responsibility) -> ParsedSection:
        content = _content(node)
        responsibility = content.responsibility.inherit(inherited)
        section = ParsedSection(
            label=node.label, title=content.title, body=content.body, warnings=list(node.warnings)
        )
        section.arrange(
            [
                self.section(child, responsibility)
                if child.children
                else self.task(child, responsibility)
                for child in node.children
            ]
        )
        return section

    def task(self, node: _Node, inherited: Responsibility) -> ParsedTask:
        content = _content(node)
        responsibility = content.responsibility.inherit(inherited)
        targets = find_targets(content.title) + find_targets(content.body)
        return ParsedTask(
            label=node.label,
            title=content.title,
            body=content.body,
            leaders=responsibility.leaders,
            lead_units=responsibility.lead_units,
            supporting_units=responsibility.supporting_units,
            deadline_text=responsibility.deadline_text,
            deadline=parse_deadline(responsibility.deadline_text, self.year),
            targets=targets,
            warnings=list(node.warnings),
        )


def _all_text(roots: list[_Node]) -> list[str]:
    texts = []
    for node in roots:
        texts.append(node.text)
        texts.extend(node.paragraphs)
        texts.extend(_all_text(node.children))
    return texts


def parse_plan(document: Document, year: int | None = None) -> ParsedPlan:
    """Read the plan in a document. Raises DocumentError when it holds no numbered plan."""
    blocks = _clean_blocks(document.blocks)
    if not blocks:
        raise DocumentError(
            _(
                "The document is empty. Upload the document that contains the plan, or paste "
                "its full text into the text box."
            )
        )
    front = read_front_matter(blocks)
    warnings = list(front.warnings)
    entries = _entries(blocks[front.start :])
    first = next((i for i, entry in enumerate(entries) if _is_structural(entry)), None)
    if first is None:
        raise DocumentError(
            _(
                "No numbered sections or tasks were found in the document. Check that it is the "
                "work plan and that its parts are numbered (一、 （一） 1. …) as typed text."
            )
        )
    preamble = "\n".join(entry.text for entry in entries[:first])
    body, annex_rows, annex_title = split_annex(drop_attachment_list(entries[first:]))
    warnings += _fix_misnumbered_top(body)
    roots = _build_tree(body)
    expand_run_ins(roots)
    lift_list_notes(roots)
    plan_year = year or find_year(front.title, front.year, preamble, _all_text(roots))
    converter = _Converter(plan_year)
    sections, single_level = converter.plan_sections(roots)
    if not front.title:
        warnings.append(
            _("No title was found at the top of the document; enter the plan's title after import.")
        )
    if plan_year is None:
        warnings.append(
            _(
                "No year was found in the plan; enter the plan's year so that its deadlines can "
                "be dated."
            )
        )
    if single_level:
        warnings.append(
            _(
                "The plan has only one level of numbering; its items were imported as the tasks "
                "of one untitled section."
            )
        )
    if annex_rows:
        warnings += merge_annex(sections, annex_rows, annex_title, plan_year)
    tasks = [task for section in sections for task in section.all_tasks()]
    limits.check_plan(tasks)
    by_task, general = checks.check_tasks(sections, plan_year)
    for task, message in by_task:
        task.warnings.append(message)
    warnings += [message for _task, message in by_task] + general
    warnings += limits.plan_warnings(len(tasks), [(root.family, root.number) for root in roots])
    return ParsedPlan(
        title=front.title,
        year=plan_year,
        preamble=preamble,
        warnings=warnings,
        sections=sections,
    )
