"""The plan page's document, read and prepared once in Python so that the template does no work
per task, and bounded by what a person can read.

A plan of up to ``WHOLE_PLAN_TASKS`` tasks is shown whole. A larger one (a province's plan of
thousands of tasks) is shown folded: every section with its heading, its text and how many
tasks it holds, and the tasks of one section — the one asked for, else the first that has
tasks — ``SECTION_PAGE_TASKS`` a page. Print and Word stay complete (their own views).

Four queries whatever the plan's size: the sections with their task counts, the tasks shown,
their responsibilities (names only: no model instance per unit or leader), and nothing per
task. Each task shown is a dict (the template's fastest lookup) with its address (one
``reverse()`` per page), its responsibility note and its deadline already written
(docs/performance.md)."""

from dataclasses import dataclass, field
from html import escape

from django.core.paginator import Paginator
from django.db.models import Count
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines
from django.utils.translation import gettext as _

from plans import permissions
from plans.models import Responsibility, Section, Task
from unionplans.lib import addresses, params

# Up to this many tasks a plan is shown whole (a 300-task plan reads at once); beyond, folded.
WHOLE_PLAN_TASKS = 400
# A folded plan shows the tasks of one section, this many a page.
SECTION_PAGE_TASKS = 200
_LEADER, _LEAD = Responsibility.Role.LEADER, Responsibility.Role.LEAD


@dataclass
class Block:
    """A section as the page shows it: its heading level, its tasks (those shown), how many
    tasks it holds, and how many ``</section>`` close after it (itself and the ancestors it is
    the last part of)."""

    section: object
    depth: int
    tasks: list
    task_count: int = 0
    is_open: bool = True
    closes: list = field(default_factory=list)


@dataclass
class Document:
    """What the plan page shows: the blocks in document order; when ``folded``, the section
    whose tasks are shown (``open_section``) and the page of them (``page``)."""

    blocks: list
    task_count: int
    folded: bool = False
    open_section: object = None
    page: object = None

    @property
    def query(self):
        """The address's parameters for the open section's other pages."""
        return f"section={self.open_section.pk}" if self.open_section else ""


def _sections(plan):
    """The plan's sections in order, each with ``task_count`` (its own tasks): one query."""
    return list(
        Section.objects.filter(plan=plan)
        .annotate(task_count=Count("tasks"))
        .only("pk", "parent_id", "label", "title", "body", "order")
        .order_by("order", "pk")
    )


def _tree(sections):
    """The sections as a tree (``children``); the roots, in order."""
    by_id = {section.pk: section for section in sections}
    roots = []
    for section in sections:
        section.children = []
    for section in sections:
        parent = by_id.get(section.parent_id)
        (parent.children if parent else roots).append(section)
    return roots


def _in_order(roots):
    for section in roots:
        yield section
        yield from _in_order(section.children)


def _words():
    return {
        "leaders": _("Responsible leader"),
        "lead": _("Lead unit"),
        "supporting": _("Supporting units"),
        "deadline": _("Deadline"),
        "not set": _("not set"),
    }


def _note(names, deadline_text, words):
    """The bracketed responsibility note of a task, or "" when nothing is known."""
    leaders, lead, supporting = names
    if not (leaders or lead or supporting or deadline_text):
        return ""
    parts = [
        f"{label}：{'、'.join(people)}；"
        for label, people in (
            (words["leaders"], leaders),
            (words["lead"], lead),
            (words["supporting"], supporting),
        )
        if people
    ]
    parts.append(f"{words['deadline']}：{deadline_text or words['not set']}")
    return f"（{''.join(parts)}）"


def prepared_tasks(user, tasks):
    """``tasks`` (a Task queryset, ordered) as dicts ready to show: ``pk``, ``section_id``,
    ``label``, ``title``, ``body``, ``deadline``, ``deadline_iso``, ``url``, ``note`` and
    ``openable`` (a unit's user opens only its unit's tasks). Two queries: the tasks, their
    responsibilities' names."""
    rows = list(
        tasks.values("pk", "section_id", "label", "title", "body", "deadline", "deadline_text")
    )
    if not rows:
        return rows
    # (leaders, lead units, supporting units) and the responsible units' ids, per task.
    names = {row["pk"]: ([], [], []) for row in rows}
    units = {row["pk"]: set() for row in rows}
    responsibilities = (
        Responsibility.objects.filter(task_id__in=names)
        .order_by("order", "pk")
        .values_list("task_id", "role", "unit_id", "unit__name", "leader__name")
    )
    for task_id, role, unit_id, unit_name, leader_name in responsibilities:
        leaders, lead, supporting = names[task_id]
        if role == _LEADER:
            leaders.append(leader_name)
        else:
            (lead if role == _LEAD else supporting).append(unit_name)
            units[task_id].add(unit_id)
    words = _words()
    address = addresses.for_ids("tasks:detail")
    for row in rows:
        pk = row["pk"]
        row["url"] = address(pk)
        row["note"] = _note(names[pk], row["deadline_text"], words)
        row["deadline_iso"] = row["deadline"].isoformat() if row["deadline"] else ""
        row["openable"] = permissions.opens_task(user, units[pk])
        row["html"] = _task_html(row, words["deadline"])
    return rows


def _task_html(row, deadline_word):
    """A task as the plan page shows it. Written here rather than in the template: a dozen
    template variables and tags per task were most of a large page's time. Every text is
    escaped (``html.escape``, as Django's ``escape``; its lazy wrapper and ``format_html``
    cost more than the rest of the row)."""
    title = escape(row["title"])
    if row["openable"]:
        title = f'<a href="{escape(row["url"])}">{title}</a>'
    body = ""
    if row["body"]:
        body = escape(normalize_newlines(row["body"])).replace("\n", "<br>")
    note = ""
    if row["note"]:
        badge = ""
        if row["deadline"]:
            badge = (
                f'<span class="badge text-bg-light border ms-1" title="{escape(deadline_word)}">'
                f"{row['deadline_iso']}</span>"
            )
        note = f'\n  <p class="responsibility-note small mb-1">{escape(row["note"])}{badge}</p>'
    # Every text above is escaped.
    return mark_safe(
        f'<div class="plan-task mt-3" id="task-{row["pk"]}" data-testid="task">\n'
        f'  <p class="mb-1">\n    <span class="task-title">{escape(row["label"])}{title}。</span>'
        f"{body}\n  </p>{note}\n</div>"
    )


def _blocks(roots, tasks_by_section, open_id):
    blocks = []

    def visit(section, depth):
        tasks = tasks_by_section.get(section.pk, [])
        is_open = open_id is None or section.pk == open_id
        blocks.append(Block(section, depth, tasks, section.task_count, is_open))
        for child in section.children:
            visit(child, 3)
        # The section ends after its last block, the deepest last descendant's.
        blocks[-1].closes.append(None)

    for section in roots:
        visit(section, 2)
    return blocks


def document(request, plan):
    """The plan page's Document for ``request.user``: whole up to WHOLE_PLAN_TASKS tasks, else
    folded with the section of ``?section=`` open at the page of ``?page=`` (a section of
    another plan, one without tasks or nonsense open the first section that has tasks)."""
    sections = _sections(plan)
    roots = _tree(sections)
    total = sum(section.task_count for section in sections)
    tasks = Task.objects.filter(plan=plan).order_by("order", "pk")
    if total <= WHOLE_PLAN_TASKS:
        rows = prepared_tasks(request.user, tasks)
        return Document(_blocks(roots, _grouped(rows), None), total)
    asked = params.int_param(request, "section")
    with_tasks = [section for section in _in_order(roots) if section.task_count]
    open_section = next((s for s in with_tasks if s.pk == asked), with_tasks[0])
    paginator = Paginator(range(open_section.task_count), SECTION_PAGE_TASKS)
    page = paginator.get_page(params.page_param(request))
    page.param = "page"
    shown = tasks.filter(section=open_section)[page.start_index() - 1 : page.end_index()]
    rows = prepared_tasks(request.user, shown)
    blocks = _blocks(roots, _grouped(rows), open_section.pk)
    return Document(blocks, total, folded=True, open_section=open_section, page=page)


def _grouped(rows):
    by_section = {}
    for row in rows:
        by_section.setdefault(row["section_id"], []).append(row)
    return by_section
