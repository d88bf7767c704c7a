"""The compilation of a reporting round (进展情况汇总): the round's answers put together by
section and task — each unit's statement, percent and figures, the task's targets against what
the units reached together, and the units that did not answer.

``gather`` reads a round in six queries whatever its size; ``text`` writes the draft the planner
edits (a 公文 in plain text: headings by their numbering, one paragraph a line); the Excel sheet
(``tasks.writings.workbook``) lists the same answers a row per task and unit.
"""

import dataclasses
import datetime

from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plans.models import Responsibility, Target
from tasks.models import RoundItem, TargetFigure
from tasks.workspace import progress
from tasks.writings import common


@dataclasses.dataclass
class Answer:
    """What one unit was asked on one task, and what it answered (``text`` None: missing)."""

    unit: str
    role: str
    text: str | None = None
    percent: int | None = None
    figures: list = dataclasses.field(default_factory=list)
    answered_at: datetime.datetime | None = None
    late: bool = False

    @property
    def missing(self):
        return self.text is None


@dataclasses.dataclass
class TaskAnswers:
    """A task of the round with its answers (units in order) and its targets as reached."""

    task_id: int
    section_id: int
    label: str
    title: str
    headings: list
    section_names: list = dataclasses.field(default_factory=list)
    answers: list = dataclasses.field(default_factory=list)
    targets: list = dataclasses.field(default_factory=list)

    @property
    def answered(self):
        return [answer for answer in self.answers if not answer.missing]

    @property
    def missing(self):
        return [answer for answer in self.answers if answer.missing]


@dataclasses.dataclass
class Compilation:
    """A round's answers in document order, and its totals."""

    round: object
    tasks: list
    as_of: datetime.datetime

    def _answers(self):
        return [answer for task in self.tasks for answer in task.answers]

    @property
    def expected(self):
        return len(self._answers())

    @property
    def answered(self):
        return sum(1 for answer in self._answers() if not answer.missing)

    @property
    def late(self):
        return sum(1 for answer in self._answers() if answer.late)

    @property
    def units(self):
        return len({answer.unit for answer in self._answers()})

    def missing_units(self):
        """(unit, tasks not answered), in the order units are listed."""
        counts = {}
        for answer in self._answers():
            if answer.missing:
                counts[answer.unit] = counts.get(answer.unit, 0) + 1
        return list(counts.items())


def end_of(day):
    """The last moment of ``day`` in the project's time zone: an answer after it is late."""
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(start) - datetime.timedelta(microseconds=1)


def _items(rnd):
    return (
        RoundItem.objects.filter(round_id=rnd.pk)
        .order_by("unit__order", "unit__name", "unit_id")
        .values(
            "task_id",
            "unit_id",
            "unit__name",
            "task__label",
            "task__title",
            "task__order",
            "task__section_id",
            "report_id",
            "report__text",
            "report__percent",
            "answered_at",
        )
    )


def _roles(task_ids):
    """(task id, unit id) → the unit's role on the task: lead or supporting."""
    rows = Responsibility.objects.filter(task_id__in=task_ids, unit__isnull=False).values_list(
        "task_id", "unit_id", "role"
    )
    return {(task, unit): role for task, unit, role in rows.order_by()}


def _role_labels():
    return {
        Responsibility.Role.LEAD: pgettext("a unit's part in a task", "lead"),
        Responsibility.Role.SUPPORTING: pgettext("a unit's part in a task", "supporting"),
    }


def _figures(rnd):
    """Report id → the figures given with it, as target lines ("新建职工书屋 4 家")."""
    reports = RoundItem.objects.filter(round_id=rnd.pk, report__isnull=False).values("report_id")
    rows = (
        TargetFigure.objects.filter(report_id__in=Subquery(reports))
        .order_by("target__order", "target_id")
        .values_list("report_id", "target__text", "target__measure", "value")
    )
    by_report = {}
    for report_id, text, measure, value in rows:
        line = " ".join(
            part
            for part in (common.target_name(text, measure), common.number(value), measure)
            if part
        )
        by_report.setdefault(report_id, []).append(line)
    return by_report


def _targets(task_ids):
    """Task id → its targets against the units' latest figures together (two queries)."""
    targets = Target.objects.filter(task_id__in=task_ids)
    totals = progress.reached(targets)
    by_task = {}
    for pk, task_id, text, measure, value in targets.order_by("order", "pk").values_list(
        "pk", "task_id", "text", "measure", "value"
    ):
        by_task.setdefault(task_id, []).append(
            common.target_line(text, measure, value, totals.get(pk))
        )
    return by_task


def gather(rnd, now=None):
    """The round's answers by section and task (six queries, whatever the round's size)."""
    items = list(_items(rnd))
    task_ids = RoundItem.objects.filter(round_id=rnd.pk).values("task_id")
    roles = _roles(task_ids)
    figures = _figures(rnd)
    targets = _targets(task_ids)
    outline = common.Outline(rnd.plan_id)
    late_after = end_of(rnd.due_date)
    labels = _role_labels()
    tasks = {}
    for item in items:
        task = tasks.get(item["task_id"])
        if task is None:
            task = tasks[item["task_id"]] = TaskAnswers(
                task_id=item["task_id"],
                section_id=item["task__section_id"],
                label=item["task__label"],
                title=item["task__title"],
                headings=[],
                targets=targets.get(item["task_id"], []),
            )
            task.sort_key = outline.key(task.section_id, item["task__order"], task.task_id)
        role = roles.get((task.task_id, item["unit_id"]), "")
        answer = Answer(unit=item["unit__name"], role=str(labels.get(role, "")))
        answer.lead = role == Responsibility.Role.LEAD
        if item["report_id"] is not None:
            answer.text = item["report__text"]
            answer.percent = item["report__percent"]
            answer.figures = figures.get(item["report_id"], [])
            answer.answered_at = item["answered_at"]
            answer.late = item["answered_at"] is not None and item["answered_at"] > late_after
        task.answers.append(answer)
    ordered = sorted(tasks.values(), key=lambda task: task.sort_key)
    for task in ordered:
        # Lead units first, then the supporting ones, each in the units' order.
        task.answers.sort(key=lambda answer: not answer.lead)
        task.headings = outline.headings(task.section_id)
        task.section_names = [
            f"{row['label']}{row['title']}".strip() for row in outline.path(task.section_id)
        ]
    return Compilation(round=rnd, tasks=ordered, as_of=now or timezone.now())


def title(rnd):
    """The compilation's title: "2026年第三季度进展报送情况汇总"."""
    with common.document_language():
        return _("%(round)s: compilation of the answers") % {"round": rnd.name}


def _answer_lines(answer):
    facts = [answer.role] if answer.role else []
    if answer.percent is not None:
        facts.append(_("%(percent)d%% done") % {"percent": answer.percent})
    if answer.late:
        facts.append(
            _("answered late on %(date)s") % {"date": common.short_date(answer.answered_at)}
        )
    elif answer.answered_at is not None:
        facts.append(_("answered on %(date)s") % {"date": common.short_date(answer.answered_at)})
    lines = common.text_lines(answer.text) or [_("(no text)")]
    head = _("%(unit)s (%(facts)s): ") % {"unit": answer.unit, "facts": _(", ").join(facts)}
    first = head + lines[0]
    if answer.figures:
        first += _(" (%(figures)s)") % {"figures": _("; ").join(answer.figures)}
    return [first, *lines[1:]]


def text(compilation):
    """The draft of the compilation, as the planner edits it (in the documents' language)."""
    with common.document_language():
        return "\n".join(_lines(compilation))


def _lines(compilation):
    rnd = compilation.round
    lines = [
        _(
            "In accordance with “%(plan)s”, the answers of the units to “%(round)s” are "
            "compiled below. The round covers %(tasks)d tasks and %(units)d units: "
            "%(expected)d answers were due by %(due)s, %(answered)d were given (%(late)d of "
            "them late) and %(missing)d are missing, as of %(as_of)s."
        )
        % {
            "plan": rnd.plan.title,
            "round": rnd.name,
            "tasks": len(compilation.tasks),
            "units": compilation.units,
            "expected": compilation.expected,
            "due": common.long_date(rnd.due_date),
            "answered": compilation.answered,
            "late": compilation.late,
            "missing": compilation.expected - compilation.answered,
            "as_of": common.long_date(timezone.localtime(compilation.as_of).date()),
        }
    ]
    missing = compilation.missing_units()
    if missing:
        names = common.names(
            _("%(unit)s (%(count)d)") % {"unit": unit, "count": count} for unit, count in missing
        )
        lines.append(_("Units that did not answer: %(units)s.") % {"units": names})
    else:
        lines.append(_("Every unit asked has answered."))
    for task in compilation.tasks:
        lines += task.headings
        lines.append(common.task_line(task.label, task.title))
        if task.targets:
            lines.append(_("Targets: %(targets)s.") % {"targets": _("; ").join(task.targets)})
        for answer in task.answered:
            lines += _answer_lines(answer)
        if task.missing:
            names = common.names(answer.unit for answer in task.missing)
            lines.append(_("Not answered: %(units)s.") % {"units": names})
    return lines
