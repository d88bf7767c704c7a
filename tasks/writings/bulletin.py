"""The bulletin (情况通报) of a round or a date range: overall completion, the units ranked by
on-time completion and reporting punctuality, the overdue tasks with their units and leaders,
the good examples the planner picked from the answers, and what the units are asked to do.

``gather`` reads a plan in five queries whatever its size; ``text`` writes the draft.

- A unit's **on-time completion** is, among the tasks it leads that were due by the bulletin's
  day, the share done by their deadline (Asia/Shanghai).
- Its **reporting punctuality** is, among the answers rounds asked of it (the bulletin's round,
  or the rounds due within the period), the share given by the round's due date.
- Units rank by the first, then the second; a unit with nothing due ranks after the others.
"""

import dataclasses
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.models import Task
from plans.wording.deadlines import deadline_as_written
from plans.wording.labels import CN, match_label
from plans.wording.numerals import chinese_numeral
from tasks.models import ProgressReport, RoundItem
from tasks.writings import common
from tasks.writings.compilation import end_of

Status = Task.Status
# Waiting for the planner's review is not overdue on the unit's side (as for reminders).
OPEN = (Status.NOT_STARTED, Status.IN_PROGRESS)


@dataclasses.dataclass
class Scope:
    """What a bulletin is about: a round, or a period of a plan."""

    plan: object
    round: object = None
    start: datetime.date | None = None
    end: datetime.date | None = None

    @classmethod
    def of(cls, writing):
        return cls(writing.plan, writing.round, writing.period_start, writing.period_end)

    def day(self, now):
        """The day the bulletin counts to: the end of its period (not after today)."""
        today = timezone.localtime(now).date()
        return min(self.end, today) if self.round is None and self.end else today

    def rounds(self):
        """The rounds whose answers count for punctuality."""
        if self.round is not None:
            return RoundItem.objects.filter(round_id=self.round.pk)
        return RoundItem.objects.filter(
            round__plan_id=self.plan.pk, round__due_date__range=(self.start, self.end)
        )


@dataclasses.dataclass
class UnitRank:
    unit: str
    order: tuple
    due: int = 0
    on_time: int = 0
    asked: int = 0
    answered_on_time: int = 0

    @staticmethod
    def _rate(part, whole):
        return part * 100 // whole if whole else None

    @property
    def completion_rate(self):
        return self._rate(self.on_time, self.due)

    @property
    def punctuality(self):
        return self._rate(self.answered_on_time, self.asked)

    def sort_key(self):
        completion, punctual = self.completion_rate, self.punctuality
        return (
            completion is None,
            -(completion or 0),
            punctual is None,
            -(punctual or 0),
            self.order,
        )


@dataclasses.dataclass
class Overdue:
    line: str
    deadline: str
    units: list
    leaders: list
    days: int


@dataclasses.dataclass
class Bulletin:
    scope: Scope
    day: datetime.date
    counts: dict
    ranking: list
    overdue: list
    examples: list
    answers: dict | None = None


def _tasks(plan):
    return list(
        Task.objects.filter(plan=plan)
        .order_by("order", "pk")
        .values("pk", "label", "title", "status", "deadline", "deadline_text", "completed_at")
    )


def _done_on_time(task):
    if task["status"] != Status.DONE:
        return False
    # A task done without a recorded time (an old import) is not counted against the unit.
    return task["completed_at"] is None or task["completed_at"] <= end_of(task["deadline"])


def gather(scope, examples=(), now=None):
    """The figures of the bulletin of ``scope`` as of ``now``, with ``examples`` (progress
    reports, unit and task loaded) cited."""
    now = now or timezone.now()
    day = scope.day(now)
    tasks = _tasks(scope.plan)
    people = common.leads_and_leaders(scope.plan)
    counts = dict.fromkeys(Status.values, 0)
    ranks, overdue = {}, []
    for task in tasks:
        counts[task["status"]] += 1
        leads, leaders = people.get(task["pk"], ([], []))
        for unit_id, name, order in leads:
            rank = ranks.setdefault(unit_id, UnitRank(name, (order, name)))
            if task["deadline"] is not None and task["deadline"] <= day:
                rank.due += 1
                rank.on_time += _done_on_time(task)
        if task["deadline"] is not None and task["deadline"] < day and task["status"] in OPEN:
            overdue.append(_overdue(scope.plan, task, leads, leaders, day))
    counts["on_time"] = sum(1 for task in tasks if _done_on_time(task))
    counts["overdue"] = len(overdue)
    counts["total"] = len(tasks)
    answers = _punctuality(scope, ranks)
    return Bulletin(
        scope=scope,
        day=day,
        counts=counts,
        ranking=sorted(ranks.values(), key=UnitRank.sort_key),
        overdue=overdue,
        examples=list(examples),
        answers=answers,
    )


def _overdue(plan, task, leads, leaders, day):
    return Overdue(
        line=task["title"].strip(),
        deadline=deadline_as_written(task["deadline_text"], task["deadline"], plan.year) or "",
        units=[name for _pk, name, _order in leads],
        leaders=leaders,
        days=(day - task["deadline"]).days,
    )


def _punctuality(scope, ranks):
    """Count each unit's answers in the scope's rounds (one query); return the totals."""
    rows = scope.rounds().values_list(
        "unit_id", "unit__name", "unit__order", "round__due_date", "answered_at"
    )
    totals = {"asked": 0, "on_time": 0, "late": 0}
    for unit_id, name, order, due, answered_at in rows.order_by():
        rank = ranks.setdefault(unit_id, UnitRank(name, (order, name)))
        rank.asked += 1
        totals["asked"] += 1
        if answered_at is None:
            continue
        if answered_at <= end_of(due):
            rank.answered_on_time += 1
            totals["on_time"] += 1
        else:
            totals["late"] += 1
    return totals


def title(scope):
    """ "关于2026年第三季度进展报送情况的通报", or the same of a period."""
    with common.document_language():
        if scope.round is not None:
            return _("Bulletin on %(round)s") % {"round": scope.round.name}
        return _("Bulletin on the progress of the work plan from %(start)s to %(end)s") % {
            "start": common.long_date(scope.start),
            "end": common.long_date(scope.end),
        }


def heading(number, text):
    """A first-level heading: 一、总体情况."""
    return f"{chinese_numeral(number)}、{text}"


def text(data):
    """The draft of the bulletin, as the planner edits it (in the documents' language)."""
    with common.document_language():
        return "\n".join(_lines(data))


def _intro(data):
    scope = data.scope
    if scope.round is not None:
        about = _("the reporting round “%(round)s”") % {"round": scope.round.name}
    else:
        about = _("the period from %(start)s to %(end)s") % {
            "start": common.long_date(scope.start),
            "end": common.long_date(scope.end),
        }
    return _(
        "To keep track of the work under “%(plan)s”, the progress of %(about)s is circulated "
        "as follows."
    ) % {"plan": scope.plan.title, "about": about}


def _overall(data):
    counts = data.counts
    lines = [
        _(
            "The plan has %(total)d tasks. As of %(day)s, %(done)d are done (%(on_time)d of them "
            "on time), %(requested)d are waiting for the review of their completion, "
            "%(in_progress)d are in progress and %(not_started)d have not started; %(overdue)d "
            "are overdue."
        )
        % {
            "total": counts["total"],
            "day": common.long_date(data.day),
            "done": counts[Status.DONE],
            "on_time": counts["on_time"],
            "requested": counts[Status.COMPLETION_REQUESTED],
            "in_progress": counts[Status.IN_PROGRESS],
            "not_started": counts[Status.NOT_STARTED],
            "overdue": counts["overdue"],
        }
    ]
    answers = data.answers
    if answers and answers["asked"]:
        lines.append(
            _(
                "Of the %(asked)d answers asked, %(on_time)d were given on time, %(late)d late "
                "and %(missing)d are missing."
            )
            % {
                **answers,
                "missing": answers["asked"] - answers["on_time"] - answers["late"],
            }
        )
    return lines


def _completion(rank):
    if not rank.due:
        return _("no task due yet")
    return _("%(on_time)d of %(due)d tasks due done on time (%(rate)d%%)") % {
        "on_time": rank.on_time,
        "due": rank.due,
        "rate": rank.completion_rate,
    }


def _punctual(rank):
    if not rank.asked:
        return _("no answer asked")
    return _("%(answered)d of %(asked)d answers given on time (%(rate)d%%)") % {
        "answered": rank.answered_on_time,
        "asked": rank.asked,
        "rate": rank.punctuality,
    }


def _ranking(data):
    lines = [_("The units ranked by on-time completion, then by reporting on time:")]
    for number, rank in enumerate(data.ranking, start=1):
        lines.append(
            _("%(number)d. %(unit)s: %(completion)s; %(punctuality)s.")
            % {
                "number": number,
                "unit": rank.unit,
                "completion": _completion(rank),
                "punctuality": _punctual(rank),
            }
        )
    if not data.ranking:
        lines.append(_("No unit leads a task of the plan yet."))
    return lines


def _overdue_lines(data):
    if not data.overdue:
        return [_("No task is overdue.")]
    lines = []
    for number, item in enumerate(data.overdue, start=1):
        facts = []
        if item.units:
            facts.append(_("lead unit: %(units)s") % {"units": common.names(item.units)})
        if item.leaders:
            facts.append(
                _("responsible leader: %(leaders)s") % {"leaders": common.names(item.leaders)}
            )
        if item.deadline:
            facts.append(_("deadline: %(deadline)s") % {"deadline": item.deadline})
        facts.append(
            ngettext("%(days)d day overdue", "%(days)d days overdue", item.days)
            % {"days": item.days}
        )
        lines.append(
            _("%(number)d. %(task)s (%(facts)s).")
            % {"number": number, "task": item.line.rstrip("。"), "facts": _("; ").join(facts)}
        )
    return lines


def example_lines(reports):
    """The paragraphs citing ``reports`` as good examples (unit and task loaded)."""
    lines = []
    for report in reports:
        body = common.text_lines(report.text) or [""]
        lines.append(
            _("%(unit)s (%(task)s): %(text)s")
            % {"unit": report.unit.name, "task": report.task.title, "text": body[0]}
        )
        lines += body[1:]
    return lines


def examples_heading():
    return _("Good examples")


def _lines(data):
    sections = [
        (_("Overall progress"), _overall(data)),
        (_("Completion and reporting by unit"), _ranking(data)),
        (_("Overdue tasks"), _overdue_lines(data)),
    ]
    if data.examples:
        sections.append((examples_heading(), example_lines(data.examples)))
    sections.append(
        (
            _("What is asked next"),
            [
                _(
                    "Every unit is asked to check its tasks against the plan, speed up the work "
                    "behind schedule and answer the reporting rounds on time; the lead units of "
                    "overdue tasks are asked to report how and by when they will complete them."
                )
            ],
        )
    )
    lines = [_intro(data)]
    for number, (name, body) in enumerate(sections, start=1):
        lines.append(heading(number, name))
        lines += body
    return lines


def insert_examples(body, reports):
    """``body`` with the paragraphs citing ``reports`` added at the end of its examples section
    (a new section at the end when it has none)."""
    with common.document_language():
        name = examples_heading()
        new = example_lines(reports)
    lines = body.splitlines()
    tops = [(index, match_label(line.strip())) for index, line in enumerate(lines)]
    tops = [(index, label) for index, label in tops if label and label.family == CN]
    start = next((index for index, label in tops if label.rest.strip() == name), None)
    if start is None:
        return "\n".join([*lines, heading(len(tops) + 1, name), *new])
    end = next((index for index, _label in tops if index > start), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return "\n".join([*lines[:end], *new, *lines[end:]])


def candidates(scope):
    """The answers a planner may cite as good examples: the round's answers, or the reports
    given within the period (unit and task loaded), in document order."""
    reports = ProgressReport.objects.filter(task__plan=scope.plan).select_related("unit", "task")
    if scope.round is not None:
        reports = reports.filter(round_items__round_id=scope.round.pk)
    else:
        start = end_of(scope.start - datetime.timedelta(days=1))
        reports = reports.filter(created_at__gt=start, created_at__lte=end_of(scope.end))
    return reports.order_by("task__order", "task_id", "unit__order", "unit__name", "-pk")
