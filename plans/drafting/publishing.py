"""Publishing a plan: what blocks it, which deadlines deserve a second look, and publishing it —
the tasks become visible to the responsible units, who are notified — in one transaction;
archiving it."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from plans import audit, signals
from plans.models import Plan, Responsibility, Task
from plans.wording.deadlines import deadline_problem, describe_deadline_problem, is_open_ended

NO_LEAD_UNIT = gettext_lazy("no lead unit")
NO_DEADLINE = gettext_lazy("no deadline")


class PublishError(Exception):
    """The plan cannot be published (or archived) now; the message says why."""


def has_deadline(task):
    """A date, or a deadline that deliberately names none ("长期坚持")."""
    return task.deadline is not None or is_open_ended(task.deadline_text)


def has_lead_unit(task):
    return any(r.role == Responsibility.Role.LEAD for r in task.responsibilities.all())


def problems(task):
    """What keeps the task from being published: NO_LEAD_UNIT and/or NO_DEADLINE."""
    reasons = []
    if not has_lead_unit(task):
        reasons.append(NO_LEAD_UNIT)
    if not has_deadline(task):
        reasons.append(NO_DEADLINE)
    return reasons


def deadline_warning(task, today):
    """What is wrong with the task's deadline on ``today`` (unreadable, implausible, already
    past: a task published with it would be overdue at once), in a sentence, or None."""
    year = task.plan.year
    problem = deadline_problem(task.deadline_text, task.deadline, year, today=today)
    if problem is None:
        return None
    return describe_deadline_problem(problem, task.deadline_text, task.deadline, year)


@dataclass
class Blocker:
    """A task with what blocks it (or, among the checklist's ``warnings``, what to check)."""

    task: Task
    reasons: list = field(default_factory=list)


@dataclass
class Checklist:
    """What stands between a plan and its publication."""

    task_count: int
    unit_count: int
    blockers: list = field(default_factory=list)
    # Deadlines to check: they do not block publishing.
    warnings: list = field(default_factory=list)

    @property
    def ready(self):
        return self.task_count > 0 and not self.blockers


def _tasks(plan):
    return (
        plan.tasks.order_by("order", "pk")
        .select_related("section")
        .prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=Responsibility.objects.select_related("unit").order_by("order", "pk"),
            )
        )
    )


def checklist(plan, tasks=None, today=None):
    """Tasks without a lead unit or a deadline, each with its reasons, and tasks whose deadline
    should be checked (``deadline_warning`` on ``today``): two queries."""
    blockers, warnings, units = [], [], set()
    today = today or timezone.localdate()
    tasks = list(_tasks(plan)) if tasks is None else tasks
    for task in tasks:
        task.plan = plan
        reasons = problems(task)
        if reasons:
            blockers.append(Blocker(task, reasons))
        warning = deadline_warning(task, today)
        if warning is not None and NO_DEADLINE not in reasons:
            warnings.append(Blocker(task, [warning]))
        units.update(r.unit_id for r in task.responsibilities.all() if r.unit_id)
    return Checklist(
        task_count=len(tasks), unit_count=len(units), blockers=blockers, warnings=warnings
    )


@transaction.atomic
def publish(plan, *, user):
    """Publish a draft: status and date, an audit entry, and the ``plan_published`` signal (the
    responsible units are told). Returns the number of people told."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.DRAFT:
        raise PublishError(_("Only a draft can be published."))
    tasks = list(_tasks(plan))
    check = checklist(plan, tasks)
    if not check.ready:
        raise PublishError(
            _("The plan has no tasks yet.")
            if not check.task_count
            else ngettext(
                "%(count)d task still lacks a lead unit or a deadline.",
                "%(count)d tasks still lack a lead unit or a deadline.",
                len(check.blockers),
            )
            % {"count": len(check.blockers)}
        )
    plan.status = Plan.Status.PUBLISHED
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(
        user,
        "plan.publish",
        plan=plan,
        summary=_("Published the plan to %(units)d units") % {"units": check.unit_count},
        before={"status": Plan.Status.DRAFT},
        after={"status": Plan.Status.PUBLISHED},
    )
    return signals.people_told(signals.plan_published.send(sender=Plan, plan=plan, tasks=tasks))


@transaction.atomic
def archive(plan, *, user):
    """Archive a plan: it stays readable and can no longer be changed."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == Plan.Status.ARCHIVED:
        raise PublishError(_("The plan is archived already."))
    before = plan.status
    plan.status = Plan.Status.ARCHIVED
    plan.save(update_fields=["status", "updated_at"])
    audit.record(
        user,
        "plan.archive",
        plan=plan,
        summary=_("Archived the plan"),
        before={"status": before},
        after={"status": Plan.Status.ARCHIVED},
    )
    return plan
