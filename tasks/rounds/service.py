"""Opening, answering, closing and counting reporting rounds (定期报送).

A round expects one answer per (unit, task): the lead unit of each task it covers, and the
supporting units when the planner asks for them. An answer is a progress report
(``tasks.workspace.workflow.report``) linked to the round's item, so it also shows on the task.
"""

import dataclasses
import datetime
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from plans import audit
from plans.models import Plan, Responsibility, Task, User
from tasks.models import Round, RoundItem
from tasks.notifications.inbox import notify_users
from tasks.workspace import workflow
from unionplans.lib import addresses

# Audit actions written here.
OPENED = "round.opened"
CLOSED = "round.closed"
REOPENED = "round.reopened"

# The tasks a round covers by default: those still to be done.
OPEN_STATUSES = (Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS)


class RoundError(Exception):
    """What a round does not allow; the message is shown to the user."""


class RoundClosed(RoundError):
    """The round was closed before the answer arrived."""


def _end_of(day):
    """The last moment of ``day`` in the project's time zone."""
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(start) - datetime.timedelta(microseconds=1)


def _audit(user, action, rnd, summary=""):
    audit.record(
        user, action, plan=rnd.plan, summary=summary or rnd.name, after={"round": rnd.name}
    )


@transaction.atomic
def open_round(
    user,
    plan,
    *,
    name,
    due_date,
    period_start=None,
    period_end=None,
    tasks=None,
    include_supporting=False,
):
    """Open a round on the published ``plan`` over ``tasks`` (default: its open tasks), asking
    their lead units (and supporting units if ``include_supporting``) to answer by
    ``due_date``. Raises ``RoundError`` when the plan is not published or nobody would answer."""
    if plan.status != Plan.Status.PUBLISHED:
        raise RoundError(gettext("Rounds are opened on published plans only."))
    if tasks is None:
        tasks = plan.tasks.filter(status__in=OPEN_STATUSES)
    task_ids = [task.pk for task in tasks if task.plan_id == plan.pk]
    roles = [Responsibility.Role.LEAD]
    if include_supporting:
        roles.append(Responsibility.Role.SUPPORTING)
    pairs = (
        Responsibility.objects.filter(task_id__in=task_ids, role__in=roles, unit__isnull=False)
        .order_by()
        .values_list("unit_id", "task_id")
        .distinct()
    )
    pairs = list(pairs)
    if not pairs:
        raise RoundError(gettext("No unit is responsible for the tasks of this round."))
    rnd = Round.objects.create(
        plan=plan,
        name=name,
        due_date=due_date,
        period_start=period_start,
        period_end=period_end,
        include_supporting=include_supporting,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    RoundItem.objects.bulk_create(
        RoundItem(round=rnd, unit_id=unit_id, task_id=task_id) for unit_id, task_id in pairs
    )
    _audit(user, OPENED, rnd)
    _tell_units(rnd, Counter(unit_id for unit_id, _task_id in pairs))
    return rnd


def _tell_units(rnd, counts):
    """Each unit asked hears of the round once: how many tasks, by when, a link to its part.
    The users of every unit in one query, the notices in one insert."""
    users = defaultdict(list)
    for recipient in User.objects.filter(unit_id__in=list(counts), is_active=True):
        users[recipient.unit_id].append(recipient)
    due = formats.date_format(rnd.due_date, "DATE_FORMAT")
    for unit_id, count in counts.items():
        notify_users(
            users[unit_id],
            kind="round_opened",
            title=gettext("Reporting round opened: %(round)s") % {"round": rnd.name},
            body=ngettext(
                "Report the progress of %(count)d task by %(due)s.",
                "Report the progress of %(count)d tasks by %(due)s.",
                count,
            )
            % {"count": count, "due": due},
            url=reverse("tasks:round_unit", args=[rnd.pk, unit_id]),
            plan=rnd.plan,
        )


def answer(user, rnd, task, unit, *, text, percent=None, figures=None, links=(), files=()):
    """The answer of ``unit`` on ``task`` in the round: a progress report, linked to the round.

    The round's item is locked first, so that an answer and the round's closing are served one
    after the other; answers of different units lock different rows and never wait on each
    other. Raises ``RoundClosed`` if the round is closed (nothing is saved: the view keeps what
    was typed) and ``RoundError`` if the round does not ask ``unit`` about ``task``."""
    with transaction.atomic():
        item = (
            RoundItem.objects.select_for_update()
            .filter(round_id=rnd.pk, task_id=task.pk, unit_id=unit.pk)
            .first()
        )
        if item is None:
            raise RoundError(gettext("This round does not ask your unit about this task."))
        closed_at = Round.objects.filter(pk=rnd.pk).values_list("closed_at", flat=True).get()
        if closed_at is not None:
            raise RoundClosed(
                gettext(
                    "The round was closed on %(date)s: your answer was not submitted. It is kept "
                    "below: save it as a progress report on the task, or ask the propaganda "
                    "department to re-open the round."
                )
                % {"date": timezone.localtime(closed_at).strftime("%Y-%m-%d")}
            )
        report = workflow.report(
            user, task, unit, text=text, percent=percent, figures=figures, links=links, files=files
        )
        item.report = report
        item.answered_at = report.created_at
        item.save(update_fields=["report", "answered_at"])
    return report


@transaction.atomic
def close(user, rnd):
    """Close the round: it takes no more answers."""
    if Round.objects.filter(pk=rnd.pk, closed_at__isnull=True).update(closed_at=timezone.now()):
        _audit(user, CLOSED, rnd)


@transaction.atomic
def reopen(user, rnd):
    """Re-open a closed round; the answers already given stay."""
    if Round.objects.filter(pk=rnd.pk, closed_at__isnull=False).update(closed_at=None):
        _audit(user, REOPENED, rnd)


@dataclasses.dataclass
class UnitStatus:
    """How one unit stands in a round."""

    unit_id: int
    unit: str
    tasks: int
    answered: int
    late: int

    @property
    def missing(self):
        return self.tasks - self.answered

    def as_json(self):
        return {
            "unit": self.unit,
            "tasks": self.tasks,
            "answered": self.answered,
            "missing": self.missing,
            "late": self.late,
        }


def unit_statuses(rnd):
    """Per unit (one query): tasks asked, answered, late (answered after the due date)."""
    rows = (
        RoundItem.objects.filter(round_id=rnd.pk)
        .values("unit_id", "unit__name", "unit__order")
        .annotate(
            tasks=Count("pk"),
            answered=Count("pk", filter=Q(report__isnull=False)),
            late=Count("pk", filter=Q(answered_at__gt=_end_of(rnd.due_date))),
        )
        .order_by("unit__order", "unit__name", "unit_id")
    )
    return [
        UnitStatus(
            unit_id=row["unit_id"],
            unit=row["unit__name"],
            tasks=row["tasks"],
            answered=row["answered"],
            late=row["late"],
        )
        for row in rows
    ]


def unit_items(rnd, unit):
    """The items of ``unit`` in the round, with their tasks and answers (one query)."""
    return list(
        RoundItem.objects.filter(round_id=rnd.pk, unit_id=unit.pk)
        .select_related("task", "task__section", "report")
        .order_by("task__section__order", "task__order", "task_id")
    )


def round_tasks(rnd):
    """The tasks ``rnd`` covers, by section in the document's order: (section, [task…]) pairs,
    each task with ``leads`` (its lead units' responsibilities) and ``url``; two queries,
    however many tasks and units the round asks about."""
    leads = (
        Responsibility.objects.filter(role=Responsibility.Role.LEAD, unit__isnull=False)
        .select_related("unit")
        .order_by("order", "pk")
    )
    tasks = (
        Task.objects.filter(pk__in=RoundItem.objects.filter(round_id=rnd.pk).values("task_id"))
        .select_related("section", "section__parent")
        .prefetch_related(Prefetch("responsibilities", queryset=leads, to_attr="leads"))
        .order_by("order", "pk")
    )
    address = addresses.for_ids("tasks:detail")
    groups = {}
    for task in tasks:
        task.url = address(task.pk)
        groups.setdefault(task.section_id, (task.section, []))[1].append(task)
    return list(groups.values())
