"""What a user may do on a task in the unit workspace.

Who may *see* a task is decided by ``plans.permissions`` (a task one may not see is a 404); this
module decides what one may *do* on a task one sees:

- a user whose unit leads or supports the task acts for that unit: acknowledges (签收) and
  reports progress (进展) — supporting units on their part;
- only a lead unit requests completion (申请办结) and an extension (延期申请);
- only planners of the federation that owns the plan (and administrators) review (审核);
- leaders read; nobody acts on an archived plan, and nobody reports on a task that is done.
"""

from dataclasses import dataclass

from django.db.models import Q

from plans import permissions
from plans.models import Plan, Responsibility, Task, Unit, User

UNIT_ROLES = (Responsibility.Role.LEAD, Responsibility.Role.SUPPORTING)


def unit_role(user, responsibilities):
    """The role (lead or supporting) of the user's unit among ``responsibilities`` of a task,
    or None. Leaders and administrators never act for a unit."""
    if not user.is_authenticated or not user.unit_id or user.is_leader or user.is_admin:
        return None
    for responsibility in responsibilities:
        if responsibility.unit_id == user.unit_id and responsibility.role in UNIT_ROLES:
            return responsibility.role
    return None


def is_reviewer(user, plan):
    """Planners of the federation that owns ``plan``, and administrators."""
    return permissions.is_planner_of(user, plan)


def planners_of(plan):
    """The active planners of the federation that owns ``plan``: they review its tasks."""
    return federation_planners(plan.owner.federation_root_id)


def federation_planners(federation_id):
    """The active planners of the federation ``federation_id`` (its root unit's id)."""
    return User.objects.filter(role=User.Role.PLANNER, is_active=True).filter(
        unit__in=federation_units(federation_id)
    )


def federation_units(federation_id):
    """The federation's root unit and its member units."""
    return Unit.objects.filter(Q(pk=federation_id) | Q(federation_id=federation_id))


@dataclass
class TaskAccess:
    """What ``user`` may do on ``task``: computed once per page from the task's
    responsibilities (already fetched), so it costs no query."""

    user: User
    task: Task
    role: str | None
    acknowledged: bool
    pending_extension: bool

    @property
    def is_lead(self):
        return self.role == Responsibility.Role.LEAD

    @property
    def is_supporting(self):
        return self.role == Responsibility.Role.SUPPORTING

    @property
    def plan_open(self):
        return self.task.plan.status == Plan.Status.PUBLISHED

    @property
    def can_act(self):
        return self.role is not None and self.plan_open

    @property
    def needs_acknowledgement(self):
        return self.can_act and not self.acknowledged

    @property
    def can_report(self):
        return self.can_act and not self.task.is_done

    @property
    def can_request_completion(self):
        return (
            self.can_act
            and self.is_lead
            and self.task.status in (Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS)
        )

    @property
    def can_request_extension(self):
        """The lead unit of an open task with a deadline, if no request is waiting."""
        return bool(
            self.can_act
            and self.is_lead
            and not self.task.is_done
            and self.task.deadline is not None
            and not self.pending_extension
        )

    @property
    def can_review(self):
        return self.plan_open and is_reviewer(self.user, self.task.plan)


def for_task(user, task, responsibilities, acknowledged_units, pending_extension=False):
    """The ``TaskAccess`` of ``user`` on ``task``; ``acknowledged_units`` is the set of unit ids
    that have acknowledged it."""
    role = unit_role(user, responsibilities)
    return TaskAccess(
        user=user,
        task=task,
        role=role,
        acknowledged=role is not None and user.unit_id in acknowledged_units,
        pending_extension=pending_extension,
    )
