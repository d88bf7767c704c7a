"""What the generated documents share: their language, dates and figures as a 公文 writes them,
a task's line, and a plan's sections in document order — each read in one query."""

import contextlib
import re
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plans.models import Responsibility, Section

SENTENCE_END = "。！？!?；;…"


@contextlib.contextmanager
def document_language():
    """The language documents are written in: the project's (Chinese), whatever the language of
    the page that asked for one — they go to units as official documents."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def long_date(day):
    """2026年9月30日."""
    return date_format(day, "DATE_FORMAT")


def short_date(moment):
    """The local day of a moment without its year: 9月28日."""
    day = timezone.localtime(moment).date()
    return _("%(month)d/%(day)d") % {"month": day.month, "day": day.day}


def names(items):
    """Names listed as a 公文 lists them: 甲区总工会、乙县总工会."""
    return pgettext("between names in a list", ", ").join(items)


def number(value):
    """30 rather than 30.00."""
    return f"{Decimal(value).normalize():f}"


# A figure as plans write it inside a target, with what surrounds it: "不少于15000人次".
_FIGURE = re.compile(
    r"(?:不少于|不低于|达到|超过|至少|共计|累计)?\s*[0-9０-９][0-9０-９.,，．]*\s*[万千百]?"
)


def target_name(text, measure):
    """What a target counts, without its figure: "新建市级职工书屋30家" → "新建市级职工书屋"."""
    found = _FIGURE.search(text)
    if found is None:
        return text
    end = found.end()
    for written in {measure, measure.replace("%", "％")} if measure else ():
        if text.startswith(written, end):
            end += len(written)
            break
    name = (text[: found.start()] + text[end:]).replace("以上", "").strip(" ，,、；;。")
    return name or text


def target_line(text, measure, value, reached):
    """A target against what was reached: "新建市级职工书屋 28/30 家"."""
    figures = f"{number(reached or 0)}/{number(value)}"
    return " ".join(part for part in (target_name(text, measure), figures, measure) if part)


def task_line(label, title):
    """A task's label and title closed as a sentence: "1．推进职工书屋建设。"."""
    title = (title or "").strip()
    if title and title[-1] not in SENTENCE_END:
        title += "。"
    return f"{label}{title}"


def text_lines(text):
    """The non-empty lines of a text typed by a unit."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Outline:
    """A plan's sections in document order (one query): each section's place, and the headings
    to write before a task so that every section is named once, before its first task."""

    def __init__(self, plan_id):
        rows = list(
            Section.objects.filter(plan_id=plan_id)
            .order_by("order", "pk")
            .values("pk", "parent_id", "label", "title")
        )
        self._rows = {row["pk"]: row for row in rows}
        children = {}
        for row in rows:
            children.setdefault(row["parent_id"], []).append(row["pk"])
        self.position = {}

        def visit(parent):
            for pk in children.get(parent, ()):
                self.position[pk] = len(self.position)
                visit(pk)

        visit(None)
        self.top_level = len(children.get(None, ()))
        self._written = set()

    def path(self, section_id):
        """The section and its ancestors, outermost first."""
        path = []
        while section_id is not None and section_id in self._rows:
            path.insert(0, self._rows[section_id])
            section_id = self._rows[section_id]["parent_id"]
        return path

    def headings(self, section_id):
        """The heading lines not yet written on the way to ``section_id``."""
        lines = []
        for row in self.path(section_id):
            if row["pk"] in self._written:
                continue
            self._written.add(row["pk"])
            line = f"{row['label']}{row['title']}".strip()
            if line:
                lines.append(line)
        return lines

    def key(self, section_id, order, pk):
        """The sort key of a task in document order."""
        return (self.position.get(section_id, len(self.position)), order, pk)


def leads_and_leaders(plan):
    """Task id → (lead unit rows, leader names); unit rows are (id, name, order)."""
    people = {}
    rows = (
        Responsibility.objects.filter(task__plan=plan)
        .exclude(role=Responsibility.Role.SUPPORTING)
        .order_by("order", "pk")
        .values_list("task_id", "role", "unit_id", "unit__name", "unit__order", "leader__name")
    )
    for task_id, role, unit_id, unit, order, leader in rows:
        leads, leaders = people.setdefault(task_id, ([], []))
        if role == Responsibility.Role.LEAD:
            leads.append((unit_id, unit, order))
        else:
            leaders.append(leader)
    return people
