"""The year-end summary (年度工作总结) of a plan: section by section, what each task achieved
(each unit's latest report and figures), its targets reached against planned ("新建职工书屋
28/30 家"), and what is left undone and why (the extension requests and the last reports).

``gather`` reads a plan in seven queries whatever its size; ``text`` writes the draft.
"""

import dataclasses
import datetime

from django.db.models import Max, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Target, Task
from plans.wording.deadlines import deadline_phrase
from tasks.models import ExtensionRequest, ProgressReport, Review
from tasks.workspace import progress
from tasks.writings import common
from tasks.writings.bulletin import heading
from tasks.writings.compilation import end_of

Status = Task.Status


@dataclasses.dataclass
class TaskAccount:
    """What one task achieved and, when not done, why."""

    pk: int
    label: str
    title: str
    status: str
    on_time: bool
    headings: list
    lead_units: list
    reports: list = dataclasses.field(default_factory=list)
    targets: list = dataclasses.field(default_factory=list)
    extensions: list = dataclasses.field(default_factory=list)

    @property
    def done(self):
        return self.status == Status.DONE


@dataclasses.dataclass
class Summary:
    plan: object
    day: datetime.date
    tasks: list
    top_sections: int

    def count(self, status):
        return sum(1 for task in self.tasks if task.status == status)

    @property
    def on_time(self):
        return sum(1 for task in self.tasks if task.done and task.on_time)

    @property
    def targets(self):
        return [target for task in self.tasks for target in task.targets]

    @property
    def undone(self):
        return [task for task in self.tasks if not task.done]


def _latest_reports(plan):
    """Task id → each unit's latest report (unit name, text, percent), lead units first."""
    latest = (
        ProgressReport.objects.filter(task__plan=plan)
        .values("task_id", "unit_id")
        .annotate(latest=Max("pk"))
        .values("latest")
    )
    rows = (
        ProgressReport.objects.filter(pk__in=Subquery(latest))
        # "lead" sorts before "supporting": the lead units' reports first.
        .order_by("task_id", "role", "unit__order", "unit__name")
        .values_list("task_id", "unit__name", "text", "percent")
    )
    by_task = {}
    for task_id, unit, text, percent in rows:
        by_task.setdefault(task_id, []).append((unit, text, percent))
    return by_task


def _targets(plan):
    targets = Target.objects.filter(task__plan=plan)
    totals = progress.reached(targets)
    by_task = {}
    for pk, task_id, text, measure, value in targets.order_by("order", "pk").values_list(
        "pk", "task_id", "text", "measure", "value"
    ):
        reached = totals.get(pk)
        by_task.setdefault(task_id, []).append(
            (common.target_line(text, measure, value, reached), (reached or 0) >= value)
        )
    return by_task


def _extensions(plan):
    """Task id → its extension requests, oldest first: (status, reason, proposed date)."""
    rows = (
        ExtensionRequest.objects.filter(task__plan=plan)
        .order_by("requested_at", "pk")
        .values_list("task_id", "status", "reason", "proposed_deadline")
    )
    by_task = {}
    for task_id, status, reason, proposed in rows:
        by_task.setdefault(task_id, []).append((status, reason, proposed))
    return by_task


def gather(plan, now=None):
    """The year's account of ``plan`` as of ``now``, task by task in document order."""
    day = timezone.localtime(now or timezone.now()).date()
    outline = common.Outline(plan.pk)
    tasks = list(
        Task.objects.filter(plan=plan).values(
            "pk", "label", "title", "status", "deadline", "completed_at", "section_id", "order"
        )
    )
    tasks.sort(key=lambda task: outline.key(task["section_id"], task["order"], task["pk"]))
    people = common.leads_and_leaders(plan)
    reports = _latest_reports(plan)
    targets = _targets(plan)
    extensions = _extensions(plan)
    accounts = []
    for task in tasks:
        deadline, completed = task["deadline"], task["completed_at"]
        on_time = deadline is None or completed is None or completed <= end_of(deadline)
        accounts.append(
            TaskAccount(
                pk=task["pk"],
                label=task["label"],
                title=task["title"],
                status=task["status"],
                on_time=on_time,
                headings=outline.headings(task["section_id"]),
                lead_units=[name for _pk, name, _o in people.get(task["pk"], ([], []))[0]],
                reports=reports.get(task["pk"], []),
                targets=targets.get(task["pk"], []),
                extensions=extensions.get(task["pk"], []),
            )
        )
    return Summary(plan=plan, day=day, tasks=accounts, top_sections=outline.top_level)


def title(plan):
    """ "宣教部2026年度工作总结"."""
    with common.document_language():
        return _("%(owner)s: summary of the year %(year)d") % {
            "owner": plan.owner.name,
            "year": plan.year,
        }


def text(data):
    """The draft of the summary, as the planner edits it (in the documents' language)."""
    with common.document_language():
        return "\n".join(_lines(data))


def _state(task):
    if task.done:
        return _("done on time") if task.on_time else _("done late")
    percent = next((percent for _u, _t, percent in task.reports if percent is not None), None)
    state = str(Status(task.status).label)
    if percent is not None:
        return _("%(state)s, %(percent)d%% done") % {"state": state, "percent": percent}
    return state


def _reason(task, plan):
    """Why a task is not done: its extension requests, else its last report."""
    if task.status == Status.COMPLETION_REQUESTED:
        return _("its completion is waiting for the review")
    reasons = []
    labels = dict(Review.choices)
    for status, reason, proposed in task.extensions:
        reasons.append(
            _("extension to %(date)s requested (%(status)s): %(reason)s")
            % {
                "date": deadline_phrase(proposed, plan.year),
                "status": labels.get(status, ""),
                "reason": reason.strip(),
            }
        )
    if not reasons and task.reports:
        unit, text, _percent = task.reports[0]
        lines = common.text_lines(text)
        reasons.append(
            _("last report of %(unit)s: %(text)s")
            % {"unit": unit, "text": lines[0] if lines else ""}
        )
    return _("; ").join(reasons) or _("no progress has been reported")


def _lines(data):
    plan = data.plan
    targets = data.targets
    lines = [
        _(
            "In %(year)d, %(owner)s carried out “%(plan)s”, %(total)d tasks in all. As of "
            "%(day)s, %(done)d are done (%(on_time)d of them on time), %(requested)d are waiting "
            "for the review of their completion, %(in_progress)d are in progress and "
            "%(not_started)d have not started; %(met)d of %(targets)d targets have been reached. "
            "The year's work is summed up as follows."
        )
        % {
            "year": plan.year,
            "owner": plan.owner.name,
            "plan": plan.title,
            "total": len(data.tasks),
            "day": common.long_date(data.day),
            "done": data.count(Status.DONE),
            "on_time": data.on_time,
            "requested": data.count(Status.COMPLETION_REQUESTED),
            "in_progress": data.count(Status.IN_PROGRESS),
            "not_started": data.count(Status.NOT_STARTED),
            "met": sum(1 for _line, met in targets if met),
            "targets": len(targets),
        }
    ]
    for task in data.tasks:
        lines += task.headings
        lines.append(common.task_line(task.label, task.title))
        lines.append(_("State: %(state)s.") % {"state": _state(task)})
        for unit, text, _percent in task.reports:
            body = common.text_lines(text) or [""]
            lines.append(_("%(unit)s: %(text)s") % {"unit": unit, "text": body[0]})
            lines += body[1:]
        if task.targets:
            shown = [
                _("%(target)s (reached)") % {"target": line}
                if met
                else _("%(target)s (not reached)") % {"target": line}
                for line, met in task.targets
            ]
            lines.append(_("Targets: %(targets)s.") % {"targets": _("; ").join(shown)})
    lines.append(heading(data.top_sections + 1, _("Work left undone and why")))
    undone = data.undone
    if not undone:
        lines.append(_("Every task of the plan is done."))
    for number, task in enumerate(undone, start=1):
        units = common.names(task.lead_units)
        lines.append(
            _("%(number)d. %(task)s (%(units)s): %(reason)s.")
            % {
                "number": number,
                "task": task.title.strip().rstrip("。"),
                "units": units or _("no lead unit"),
                "reason": _reason(task, plan).rstrip("。"),
            }
        )
    return lines
