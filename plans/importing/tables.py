"""Task tables (任务分工表): find the columns from the header row, read rows spanning the table as
section headings and the other rows as tasks."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from plans.wording.labels import ARABIC, Label, bare_label, dotted_label, match_label

from .model import Table, TableRow
from .responsibility import Responsibility, combine, extract_notes, parse_responsibility

# Column roles.
LABEL, TITLE, CONTENT, GROUP, TARGET = "label", "title", "content", "group", "target"
LEADERS, LEAD, SUPPORT, UNITS, DEADLINE = "leaders", "lead", "support", "units", "deadline"

# Header keywords, tried in this order on a header cell without spaces: "序号", "工作任务",
# "主要内容" / "具体措施", "责任领导", "牵头单位", "配合部门", "责任单位", "完成时限" / "时间节点".
_ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (LABEL, re.compile(r"^(?:序号|编号|序|号)$")),
    (LEADERS, re.compile(r"领导|责任人")),
    (LEAD, re.compile(r"牵头|主办|主责")),
    (SUPPORT, re.compile(r"配合|协办|参与|协同")),
    (UNITS, re.compile(r"责任(?:单位|部门|部室|处室|科室|主体)|承办|落实单位|责任分工")),
    (DEADLINE, re.compile(r"时限|时间|节点|期限|进度")),
    (TARGET, re.compile(r"指标|量化")),
    (GROUP, re.compile(r"^(?:类别|板块|领域|方面|类型|工作类别|分类)$")),
    (CONTENT, re.compile(r"内容|措施|举措|要求|目标|具体")),
    (TITLE, re.compile(r"任务|事项|项目|要点|重点|名称|工作")),
)
_MAX_HEADER_CELL = 12
# Rows below the tasks that are about the table: its totals, and notes on how to fill it in.
_TOTALS = {"合计", "小计", "总计", "共计"}
_REMARK_RE = re.compile(r"(?:备\s*注|注|说明|填表说明|填报说明)\s*\d?\s*[：:]")


@dataclass(frozen=True)
class TableHeading:
    label: Label | None
    title: str


@dataclass(frozen=True)
class TableTask:
    label: str
    heading: str  # the task's title, or its whole text when no column holds the title alone
    body: str
    responsibility: Responsibility
    # In a table numbered as an outline (1, 1.1, 1.1.1): the family of its 序号, whose open
    # section of the same family it closes ("3" after the rows of section "2").
    level: str | None = None


def _role(header: str) -> str | None:
    header = "".join(header.split())
    if not header or len(header) > _MAX_HEADER_CELL:
        return None
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(header):
            return role
    return None


def _roles(row: TableRow) -> dict[int, str]:
    roles: dict[int, str] = {}
    for column, cell in enumerate(row.cells):
        role = _role(cell)
        if role and role not in roles.values():
            roles[column] = role
    return roles


def _is_header(roles: dict[int, str]) -> bool:
    return len(set(roles.values()) - {LABEL, GROUP}) >= 2


def section_row(row: TableRow, label_column: int | None) -> TableHeading | None:
    """A row spanning the table (merged or one non-empty cell) is a section heading; so is a
    row whose 序号 cell holds a bare "一" and whose other cells all hold one text."""
    values = list(dict.fromkeys(cell for cell in row.cells if cell.strip()))
    if len(row.cells) < 2:
        return None
    label = bare_label(row.cells[label_column]) if label_column is not None else None
    if label and label.family != ARABIC:  # "1" in 序号 numbers a task, "一" a section
        others = [cell for i, cell in enumerate(row.cells) if i != label_column and cell.strip()]
        if len(set(others)) == 1:
            return TableHeading(label, others[0].strip())
    if row.spans_table or len(values) == 1:
        text = values[0].strip()
        label = match_label(text)
        if label and label.rest.strip():
            return TableHeading(label, label.rest.strip())
        return TableHeading(None, text)
    return None


def is_header_row(row: TableRow) -> bool:
    """Does the row name the columns of a task table (序号, 工作任务, 牵头部门, 完成时限 …)?"""
    return _is_header(_roles(row))


def column_roles(row: TableRow) -> dict[int, str]:
    """The role (LABEL, TITLE, CONTENT, LEAD, DEADLINE …) of each column a header row names."""
    return _roles(row)


def find_header(table: Table) -> int | None:
    """The index of the header row (the first, second or third row), or None."""
    return next((i for i, row in enumerate(table.rows[:3]) if _is_header(_roles(row))), None)


def table_lines(table: Table) -> list[str]:
    """The text of a table that is not a task table, line by line, row by row."""
    lines: list[str] = []
    for row in table.rows:
        for cell in dict.fromkeys(row.cells):
            lines.extend(line.strip() for line in cell.split("\n") if line.strip())
    return lines


def table_entries(table: Table) -> list[TableHeading | TableTask]:
    """Headings and tasks of a task table (one whose header row find_header finds)."""
    rows = list(table.rows)
    header_index = find_header(table)
    if header_index is None:
        return []
    header = rows[header_index]
    roles = _roles(header)
    start = header_index + 1
    # A two-row header: "责任分工" over "牵头单位 | 配合单位".
    if start < len(rows) and not rows[start].spans_table:
        below = _roles(rows[start])
        filled = [cell for cell in rows[start].cells if cell.strip()]
        if len(filled) >= 2 and len(below) == len(filled):
            roles.update(below)
            start += 1
    columns = {role: column for column, role in roles.items()}
    entries: list[TableHeading | TableTask] = []
    header_texts = {tuple(row.cells) for row in rows[header_index:start]}
    group = None
    parents = _outline_parents(rows[start:], columns.get(LABEL))
    for row in rows[start:]:
        if tuple(row.cells) in header_texts:
            continue  # the header repeated after a page break
        if _is_remark(row):
            continue  # "合计 | 2项", "备注：…": about the table, not a task of it
        number = _cell(row, columns, LABEL)
        if number in parents:  # "1" over "1.1", "1.2": a section of them
            label = dotted_label(number) or bare_label(number)
            entries.append(TableHeading(label, _cell(row, columns, TITLE) or number))
            continue
        heading = section_row(row, columns.get(LABEL))
        if heading:
            entries.append(heading)
            continue
        if GROUP in columns:
            value = row.cells[columns[GROUP]].strip()
            if value and value != group:
                group = value
                label = match_label(value)
                entries.append(
                    TableHeading(label, label.rest.strip())
                    if label and label.rest.strip()
                    else TableHeading(None, value)
                )
        task = _task_row(row, columns)
        if task and parents:
            label = dotted_label(number) or bare_label(number)
            task = replace(task, level=label.family if label else None)
        if task:
            entries.append(task)
    return entries


def _outline_parents(rows: list[TableRow], label_column: int | None) -> set[str]:
    """The 序号 of rows numbered as an outline ("1.1", "2.3.1") that have rows numbered under
    them: "1" over "1.1", "2.3" over "2.3.1"."""
    if label_column is None:
        return set()
    numbers = [row.cells[label_column].strip() for row in rows if label_column < len(row.cells)]
    return {
        number.replace("．", ".").rsplit(".", 1)[0] for number in numbers if dotted_label(number)
    } & set(numbers)


def _is_remark(row: TableRow) -> bool:
    """A totals row ("合计", "小计" first) or a note on the table ("备注：…", "注：…") alone in
    its row."""
    texts = [cell.strip() for cell in row.cells if cell.strip()]
    if not texts:
        return False
    if "".join(texts[0].split()) in _TOTALS:
        return True
    return len(set(texts)) == 1 and bool(_REMARK_RE.match(texts[0]))


def _cell(row: TableRow, columns: dict[str, int], role: str) -> str:
    column = columns.get(role)
    return row.cells[column].strip() if column is not None and column < len(row.cells) else ""


def _task_row(row: TableRow, columns: dict[str, int]) -> TableTask | None:
    title_text = _cell(row, columns, TITLE)
    content = _cell(row, columns, CONTENT)
    target = _cell(row, columns, TARGET)
    label_text = _cell(row, columns, LABEL)
    if not title_text and not content:
        return None
    title_text, title_notes = extract_notes(title_text)
    content, content_notes = extract_notes(content)
    if title_text:
        label = match_label(title_text)
        if label and label.rest.strip():
            label_text = label_text or label.text
            title_text = label.rest.strip()
        heading, body = title_text, content if content != title_text else ""
    else:
        label = match_label(content)
        if label and label.rest.strip():
            label_text = label_text or label.text
            content = label.rest.strip()
        heading, body = content, ""  # the structure takes the title from its first sentence
    if target:
        body = f"{body}\n{target}".strip()
    responsibility = combine(
        leaders=_cell(row, columns, LEADERS),
        units=_cell(row, columns, UNITS),
        lead=_cell(row, columns, LEAD),
        supporting=_cell(row, columns, SUPPORT),
        deadline=_cell(row, columns, DEADLINE),
    )
    notes = title_notes + content_notes  # notes written inside the text cells fill the gaps
    if notes:
        responsibility = responsibility.inherit(parse_responsibility("；".join(notes)))
    return TableTask(label_text, heading, body, responsibility)
