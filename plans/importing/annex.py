"""Plans that restate their tasks in an annexed task-division table (附件：任务分工表).

Many plans number their tasks in the text and then, under "附件：…任务分工表", repeat them in a
table that says who leads, who supports and by when. The table's rows are the same tasks, not
new ones: each row is matched to the task whose title it repeats, and fills in what the text
left out. Rows that match no task are kept as tasks of their own section, never dropped.
"""

import difflib
import re
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.wording.deadlines import parse_deadline
from plans.wording.labels import Label

from .model import ParsedSection, ParsedTask
from .tables import TableHeading, TableTask

# "附件", "附件1", "附件一：", "附件：2025年宣传教育工作任务分工表".
_ANNEX_RE = re.compile(r"^\s*附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?\s*")
_NOT_WORD_RE = re.compile(r"[\W_]+")
# The title of an attached document in the list of attachments, numbered "1．", "2、"… (a
# title may open with a year: "1．2025年…", which is no label).
_ATTACHMENT_TITLE_MAX = 60
_LISTED_RE = re.compile(r"(\d{1,2})\s*[.．、]\s*")
# How alike two titles must be (difflib ratio) when neither contains the other.
_SIMILAR = 0.75


def split_annex(entries):
    """(entries of the plan itself, the annexed table's tasks, the annex's title).

    Only when an "附件" line comes after numbered headings of the text and is followed by task
    rows: a plan that is itself a table is left alone."""
    for index, entry in enumerate(entries):
        text = getattr(entry, "text", None)
        if not isinstance(text, str) or not _ANNEX_RE.match(text):
            continue
        before = entries[:index]
        after = entries[index + 1 :]
        rows = [e for e in after if isinstance(e, TableTask)]
        numbered = any(hasattr(e, "label") and not isinstance(e, TableTask) for e in before)
        if rows and numbered and not any(isinstance(e, TableTask) for e in before):
            title = _ANNEX_RE.sub("", text).strip() or text.strip()
            leftover = [e for e in after if not isinstance(e, TableTask | TableHeading)]
            return before + leftover, rows, title
    return entries, [], None


def drop_attachment_list(entries):
    """The entries without the list of attachments closing the body ("附件：1．…任务分工表" and
    "2．…联系人名单" below it, as official documents list them before the signature): the
    titles of other documents, not tasks. Only a list after numbered headings of the text, of
    short titles numbered on, and not heading an annexed table (split_annex reads that)."""
    for index, entry in enumerate(entries):
        text = getattr(entry, "text", None)
        if not isinstance(text, str) or not _ANNEX_RE.match(text):
            continue
        if not any(hasattr(before, "label") for before in entries[:index]):
            continue
        listed = _LISTED_RE.match(title := _ANNEX_RE.sub("", text).strip())
        if not _is_document_title(title[listed.end() :] if listed else title):
            continue
        end, number = index + 1, int(listed.group(1)) if listed else None
        while number is not None and end < len(entries):
            line = _line(entries[end])
            following = _LISTED_RE.match(line)
            if not following or int(following.group(1)) != number + 1:
                break
            if not _is_document_title(line[following.end() :]):
                break
            number, end = number + 1, end + 1
        if end < len(entries) and isinstance(entries[end], TableTask | TableHeading):
            return entries  # the annex's own title, heading its task table
        return entries[:index] + entries[end:]
    return entries


def _line(entry):
    """An entry's text as written, its label included."""
    label = getattr(entry, "label", None)
    text = getattr(entry, "text", None)
    if not isinstance(text, str):
        return ""
    return (label.text if isinstance(label, Label) else "") + text


def _is_document_title(text):
    text = text.strip()
    return 0 < len(text) <= _ATTACHMENT_TITLE_MAX and not any(c in "。；;！？!?" for c in text)


def _key(title):
    return _NOT_WORD_RE.sub("", unicodedata.normalize("NFKC", title))


def _match(row, tasks):
    key = _key(row.heading)
    if not key:
        return None
    best, best_ratio = None, 0.0
    for task in tasks:
        other = _key(task.title)
        if not other:
            continue
        if key == other or key in other or other in key:
            return task
        ratio = difflib.SequenceMatcher(None, key, other).ratio()
        if ratio > best_ratio:
            best, best_ratio = task, ratio
    return best if best_ratio >= _SIMILAR else None


def merge_annex(sections, rows, title, year):
    """Fill the tasks of ``sections`` from the annexed ``rows``; returns warnings."""
    tasks = [task for section in sections for task in section.all_tasks()]
    unmatched = []
    for row in rows:
        task = _match(row, tasks)
        if task is None:
            unmatched.append(row)
            continue
        note = row.responsibility
        if not (task.lead_units or task.supporting_units):
            task.lead_units = list(note.lead_units)
            task.supporting_units = list(note.supporting_units)
        task.leaders = task.leaders or list(note.leaders)
        if not task.deadline_text and note.deadline_text:
            task.deadline_text = note.deadline_text
            task.deadline = parse_deadline(note.deadline_text, year)
    warnings = [
        _("Responsibilities and deadlines were taken from the annexed table “%(title)s”.")
        % {"title": title}
    ]
    if unmatched:
        unmatched_warning = ngettext(
            "%(count)d row of the annexed table matches no task of the plan; it was "
            "imported as a task of a section of its own.",
            "%(count)d rows of the annexed table match no task of the plan; they were "
            "imported as the tasks of a section of their own.",
            len(unmatched),
        ) % {"count": len(unmatched)}
        sections.append(
            ParsedSection(
                label="",
                title=title,
                tasks=[
                    ParsedTask(
                        label=row.label,
                        title=row.heading,
                        body=row.body,
                        leaders=list(row.responsibility.leaders),
                        lead_units=list(row.responsibility.lead_units),
                        supporting_units=list(row.responsibility.supporting_units),
                        deadline_text=row.responsibility.deadline_text,
                        deadline=parse_deadline(row.responsibility.deadline_text, year),
                    )
                    for row in unmatched
                ],
                warnings=[unmatched_warning],
            )
        )
        warnings.append(unmatched_warning)
    return warnings
