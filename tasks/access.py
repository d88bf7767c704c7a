"""Who may do what in the execution of a plan: the one home of its rules, as
``plans.permissions`` is of the document's. Views fetch their objects through the ``get_*``
helpers here, so that what one may not see is a 404 (another unit's object does not exist for
them) and what one sees but may not change is a 403.

Who may *see* a task is decided by ``plans.permissions``; on a task one sees:

- a user whose unit leads or supports the task acts for that unit: acknowledges (签收) and
  reports progress (进展) — supporting units on their part;
- only a lead unit requests completion (申请办结) and an extension (延期申请);
- only planners of the federation that owns the plan (and administrators) review (审核);
- leaders read; nobody acts on an archived plan, and nobody reports on a task that is done.

Beyond the task: planners, leaders and administrators follow the review queue and the dashboard;
a unit's chat robots are configured by the unit's own users and the planners of its federation;
the delivery log is the planners'; a notification, and an export produced by the worker, is its
recipient's alone (an administrator included: a ledger holds what its requester could see).

Reporting rounds (定期报送): the planners of the plan open, close and re-open them; planners,
leaders and administrators who see the plan follow a round whole; a unit sees only its own part
of a round that asks it for answers, and answers while the plan is published.

Assessment (结果考评) of a published or archived plan (a draft has none: 404): the planners of
the plan's federation (and administrators) set its scheme and adjust scores; planners, leaders
and administrators see the whole table and export it; a unit's users see only their own unit's
row — its breakdown, adjustments and total, not its rank — and export nothing.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from plans import permissions
from plans.models import Plan, Responsibility, Task, Unit, User
from tasks.models import (
    Attachment,
    Delivery,
    Export,
    Notification,
    Round,
    RoundItem,
    UnitChannel,
    Writing,
)

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


def get_to_review(user, model, pk):
    """The completion or extension request ``pk`` (of ``model``) if ``user`` may decide it: 404
    unless its task is visible to them, 403 unless they review its plan and the plan is open."""
    visible = Task.objects.visible_to(user)
    item = get_object_or_404(model.objects.select_related("task", "unit"), pk=pk, task__in=visible)
    task = permissions.get_task(user, item.task_id)
    if not (task.plan.is_published and is_reviewer(user, task.plan)):
        raise PermissionDenied
    item.task = task
    return item


def get_attachment(user, pk):
    """The attachment ``pk`` if ``user`` may see the task it was reported on, else 404."""
    return get_object_or_404(Attachment, pk=pk, report__task__in=Task.objects.visible_to(user))


# --- Following a federation's work -----------------------------------------------------------


def _follows_federation(user):
    """Planners, leaders and administrators: the people who follow a federation's work whole."""
    return permissions.is_planner_or_admin(user) or (user.is_authenticated and user.is_leader)


def can_see_reviews(user):
    """The review queue: planners and administrators decide, leaders follow it."""
    return _follows_federation(user)


def can_review_in_queue(user):
    """Whether the review queue offers its decisions: to planners and administrators (each
    decision is checked again against its plan, ``get_to_review``)."""
    return permissions.is_planner_or_admin(user)


def can_view_dashboard(user):
    """The leaders' dashboard: leaders, planners and administrators."""
    return _follows_federation(user)


# --- Units, their chat robots and the delivery log ----------------------------------------------


def units_visible_to(user):
    """The units ``user`` may see: their federation's for planners and leaders, their own unit
    for a unit's users, every unit for an administrator."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.is_admin:
        return Unit.objects.all()
    if user.is_planner or user.is_leader:
        return federation_units(user.federation_id)
    if user.unit_id:
        return Unit.objects.filter(pk=user.unit_id)
    return Unit.objects.none()


def can_list_units(user):
    """The page of the federation's units and how reminders reach them: planners and
    administrators."""
    return permissions.is_planner_or_admin(user)


def can_configure_robots(user, unit):
    """A unit's chat robots: planners of the unit's federation, the unit's own users (not
    leaders) and administrators. A unit sets up the robot of its own group chat; why that is
    safe (every call goes through the guarded client): docs/security.md, "Outbound requests"."""
    if not user.is_authenticated:
        return False
    if user.is_admin:
        return True
    if user.is_planner:
        return unit.federation_root_id == user.federation_id
    return user.unit_id == unit.pk and not user.is_leader


def get_unit_to_configure(user, pk):
    """The unit ``pk`` if ``user`` may configure its robots: 404 when unseen, 403 when only seen
    (a leader)."""
    unit = get_object_or_404(units_visible_to(user), pk=pk)
    if not can_configure_robots(user, unit):
        raise PermissionDenied
    return unit


def get_robot_to_configure(user, unit_pk, pk):
    """The unit ``unit_pk`` and its robot ``pk`` if ``user`` may configure them (as
    ``get_unit_to_configure``; another unit's robot is a 404)."""
    unit = get_unit_to_configure(user, unit_pk)
    return unit, get_object_or_404(UnitChannel, pk=pk, unit=unit)


def can_see_deliveries(user):
    """The delivery log: planners (of their federation) and administrators."""
    return permissions.is_planner_or_admin(user)


def filter_deliveries(queryset, user):
    """``queryset`` narrowed to the deliveries ``user`` may see: a planner's federation's,
    everything for an administrator, nothing for anyone else."""
    if not can_see_deliveries(user):
        return queryset.none()
    if user.is_admin:
        return queryset
    if user.federation_id:
        return queryset.filter(reminder__federation_id=user.federation_id)
    return queryset.none()


def get_delivery(user, pk, queryset=None):
    """The delivery ``pk`` (from ``queryset``, by default all) if ``user`` may see it, else 404."""
    queryset = Delivery.objects.all() if queryset is None else queryset
    return get_object_or_404(filter_deliveries(queryset, user), pk=pk)


# --- Notifications ------------------------------------------------------------------------------


def get_notification(user, pk):
    """The notification ``pk`` if it was sent to ``user``; anyone else's is a 404."""
    return get_object_or_404(Notification, pk=pk, recipient_id=user.pk)


def get_export(user, pk):
    """The export ``pk`` if ``user`` asked for it; anyone else's is a 404."""
    return get_object_or_404(Export, pk=pk, requester_id=user.pk)


# --- Reporting rounds ---------------------------------------------------------------------------


def can_open_rounds(user, plan):
    """Planners of the plan's federation (and administrators), on a published plan."""
    return plan.is_published and is_reviewer(user, plan)


def get_plan_for_rounds(user, pk):
    """The plan ``pk``'s rounds: 404 unless visible, 403 unless ``user`` follows it whole."""
    plan = permissions.get_plan(user, pk)
    if sees_unit_part_only(user):
        raise PermissionDenied
    return plan


def get_plan_to_schedule_rounds(user, pk):
    """The plan ``pk``'s round schedule: 404 unless visible, 403 unless ``user`` is one of its
    planners (or an administrator)."""
    plan = permissions.get_plan(user, pk)
    if not is_reviewer(user, plan):
        raise PermissionDenied
    return plan


def sees_unit_part_only(user):
    """Users of a unit (not planners, leaders or administrators) see only their unit's part."""
    return not _follows_federation(user)


def get_round(user, pk):
    """The round ``pk`` whole: 404 unless its plan is visible to ``user`` and (for a unit's
    user) the round asks their unit; 403 for a unit's user, who sees only their own part."""
    visible = Plan.objects.visible_to(user)
    rnd = get_object_or_404(
        Round.objects.select_related("plan", "plan__owner"), pk=pk, plan__in=visible
    )
    if sees_unit_part_only(user):
        if not RoundItem.objects.filter(round=rnd, unit_id=user.unit_id).exists():
            raise Http404
        raise PermissionDenied
    return rnd


def get_round_to_manage(user, pk):
    """The round ``pk`` to close or re-open: its plan's planners only (403), 404 as above."""
    rnd = get_round(user, pk)
    if not is_reviewer(user, rnd.plan):
        raise PermissionDenied
    return rnd


def get_round_unit(user, pk, unit_pk):
    """The round ``pk`` and the unit ``unit_pk`` it asks, as seen by ``user``: the unit's own
    users, and those who follow the round whole; any other unit is a 404."""
    visible = Plan.objects.visible_to(user)
    rnd = get_object_or_404(
        Round.objects.select_related("plan", "plan__owner"), pk=pk, plan__in=visible
    )
    if sees_unit_part_only(user) and user.unit_id != unit_pk:
        raise Http404
    unit = get_object_or_404(Unit, pk=unit_pk)
    if not RoundItem.objects.filter(round=rnd, unit=unit).exists():
        raise Http404
    return rnd, unit


def can_answer_round(user, rnd, unit):
    """The unit's own users answer, on a published plan (an open round is checked on saving)."""
    return (
        rnd.plan.is_published
        and user.unit_id == unit.pk
        and not user.is_leader
        and not user.is_admin
        and not user.is_planner
    )


# --- Assessment ---------------------------------------------------------------------------------


def get_plan_for_assessment(user, pk):
    """The plan ``pk`` whose assessment ``user`` opens: 404 unless visible to them and carried
    out (published or archived). A unit's user then sees only its own row
    (``sees_unit_part_only``)."""
    plan = permissions.get_plan(user, pk)
    if plan.status == Plan.Status.DRAFT:
        raise Http404
    return plan


def can_manage_assessment(user, plan):
    """Planners of the plan's federation and administrators: the scheme and adjustments."""
    return is_reviewer(user, plan)


def get_plan_to_assess(user, pk):
    """The plan ``pk`` whose scheme or scores ``user`` changes: 404 as above, 403 unless they
    manage its assessment."""
    plan = get_plan_for_assessment(user, pk)
    if not can_manage_assessment(user, plan):
        raise PermissionDenied
    return plan


def get_plan_for_assessment_export(user, pk):
    """The plan ``pk`` whose whole table ``user`` exports: 404 as above, 403 for a unit's user."""
    plan = get_plan_for_assessment(user, pk)
    if sees_unit_part_only(user):
        raise PermissionDenied
    return plan


# --- Documents: compilations, bulletins, year-end summaries -------------------------------------


def can_write_documents(user, plan):
    """Planners of the plan's federation (and administrators), while the plan is published."""
    return plan.is_published and is_reviewer(user, plan)


def writings_visible_to(user):
    """The documents ``user`` may read: those of their federation's plans for planners and
    leaders, every one for an administrator, the bulletins published to their federation for a
    unit's users."""
    writings = Writing.objects.select_related("plan", "plan__owner", "round")
    if not user.is_authenticated:
        return writings.none()
    if user.is_admin:
        return writings
    federation = user.federation_id
    if federation is None:
        return writings.none()
    ours = writings.filter(Q(plan__owner_id=federation) | Q(plan__owner__federation_id=federation))
    if sees_unit_part_only(user):
        return ours.published_bulletins()
    return ours


def get_writing(user, pk):
    """The document ``pk`` if ``user`` may read it, else 404 (a draft bulletin does not exist
    for a unit)."""
    return get_object_or_404(writings_visible_to(user), pk=pk)


def get_writing_to_edit(user, pk):
    """The document ``pk`` to edit, regenerate or publish: 404 as ``get_writing``, 403 unless
    ``user`` writes the plan's documents."""
    writing = get_writing(user, pk)
    if not can_write_documents(user, writing.plan):
        raise PermissionDenied
    return writing


def get_plan_for_writings(user, pk):
    """The plan ``pk``'s documents: 404 unless visible, 403 for a unit's users (they read the
    published bulletins on their own page)."""
    return get_plan_for_rounds(user, pk)


def can_read_bulletins(user):
    """The page of published bulletins: everyone of a federation, and administrators."""
    return user.is_authenticated and (user.is_admin or user.federation_id is not None)
