"""A unit's page of a round: its tasks in the document's order, each with the answer given and
an answer form (the workspace's progress report form), gathered in a fixed number of queries
however many tasks the round asks about."""

import dataclasses

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.timezone import localtime

from plans.models import Target
from tasks.models import TargetFigure
from tasks.rounds import service
from tasks.rounds.forms import AnswerForm
from tasks.workspace import progress


@dataclasses.dataclass
class Row:
    """One task of the unit's part of a round: the item (its answer, if given) and the form."""

    item: object
    late: bool = False
    form: AnswerForm | None = None

    @property
    def unfolded(self):
        """The form is shown open: nothing answered yet, or an answer sent back with errors."""
        return self.form is not None and (self.item.report_id is None or self.form.is_bound)


def _late(item, rnd):
    """Answered after the end of the due day, in the project's time zone."""
    return item.answered_at is not None and localtime(item.answered_at).date() > rnd.due_date


class UnitPage:
    """The items of ``unit`` in ``rnd``; with ``answering``, a form for each task still open
    (the unit's own users, on an open round)."""

    def __init__(self, rnd, unit, *, answering):
        self.round, self.unit = rnd, unit
        self.items = service.unit_items(rnd, unit)
        answered = [item for item in self.items if item.report_id is not None]
        prefetch_related_objects(
            answered,
            Prefetch("report__figures", queryset=TargetFigure.objects.select_related("target")),
            "report__attachments",
            "report__links",
        )
        self.answering = answering and rnd.is_open
        self.rows = [Row(item, late=_late(item, rnd)) for item in self.items]
        self._by_task = {row.item.task_id: row for row in self.rows}
        self._forms_data = None
        if self.answering:
            for row in self.rows:
                if not row.item.task.is_done:
                    row.form = self.form(row.item.task_id)

    def _load_forms_data(self):
        """The targets of the tasks and the unit's last figures and percents: three queries,
        once."""
        if self._forms_data is None:
            task_ids = list(self._by_task)
            targets = {}
            queryset = Target.objects.filter(task_id__in=task_ids).order_by("task", "order", "pk")
            for target in queryset:
                targets.setdefault(target.task_id, []).append(target)
            self._forms_data = (
                targets,
                progress.unit_figures(self.unit.pk, task_ids),
                progress.unit_percents(self.unit.pk, task_ids),
            )
        return self._forms_data

    def form(self, task_id, *args, **kwargs):
        """The answer form on ``task_id`` (sent data in ``args``, as for a Django form)."""
        all_targets, figures, percents = self._load_forms_data()
        targets = all_targets.get(task_id, [])
        previous = {t.pk: figures[t.pk] for t in targets if t.pk in figures}
        return AnswerForm(
            *args,
            prefix=f"t{task_id}",
            targets=targets,
            previous=previous,
            initial={"task": task_id, "percent": percents.get(task_id)},
            **kwargs,
        )

    def posted_task(self, data):
        """The item the posted answer is about, if the round asks the unit about its task."""
        for task_id, row in self._by_task.items():
            if f"t{task_id}-task" in data:
                return row.item
        return None

    def show(self, task_id, form):
        """Show ``form`` (sent back, with its errors) in place of the task's form. In a round
        closed meanwhile it is the only form left on the page."""
        self._by_task[task_id].form = form

    @property
    def answered(self):
        """How many of the unit's tasks in the round are answered."""
        return sum(1 for item in self.items if item.report_id is not None)

    def next_after(self, task_id):
        """The first task not answered after ``task_id`` (the sequence goes on from there), else
        the first not answered before it; None when it was the last."""
        position = next((i for i, it in enumerate(self.items) if it.task_id == task_id), -1)
        waiting = [
            (i, item.task_id)
            for i, item in enumerate(self.items)
            if item.report_id is None and item.task_id != task_id
        ]
        later = [pk for i, pk in waiting if i > position]
        return (later or [pk for _i, pk in waiting] or [None])[0]
