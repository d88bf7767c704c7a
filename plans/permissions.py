"""Who may see and change what. Every view fetches its objects through these rules.

- An administrator sees everything.
- A planner (宣教部 staff) sees and edits the plans of their own federation.
- A leader reads everything of their federation.
- A unit reporter sees published plans in which their unit has tasks, and only those tasks:
  another unit's task does not exist for them (404, not 403, so that nothing leaks).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q
from django.shortcuts import get_object_or_404

from plans.models import Leader, Plan, Responsibility, Section, Task, Unit, User

# Plans a responsible unit can see: drafts are the planners' business until published.
VISIBLE_TO_UNITS = (Plan.Status.PUBLISHED, Plan.Status.ARCHIVED)


def _federation_q(user, owner_path):
    federation_id = user.federation_id
    return Q(**{owner_path: federation_id}) | Q(**{f"{owner_path}__federation": federation_id})


def _unit_responsible(user, task_path="pk"):
    return Exists(Responsibility.objects.filter(task=OuterRef(task_path), unit_id=user.unit_id))


def filter_plans(queryset, user):
    """``queryset`` narrowed to the plans ``user`` may open."""
    if not user.is_authenticated:
        return queryset.none()
    if user.is_admin:
        return queryset
    if user.role in (User.Role.PLANNER, User.Role.LEADER):
        return queryset.filter(_federation_q(user, "owner"))
    if user.unit_id:
        units_tasks = Task.objects.filter(_unit_responsible(user)).values("plan_id")
        return queryset.filter(status__in=VISIBLE_TO_UNITS, pk__in=units_tasks)
    return queryset.none()


def filter_tasks(queryset, user):
    """``queryset`` narrowed to the tasks ``user`` may open."""
    if not user.is_authenticated:
        return queryset.none()
    if user.is_admin:
        return queryset
    if user.role in (User.Role.PLANNER, User.Role.LEADER):
        return queryset.filter(_federation_q(user, "plan__owner"))
    if user.unit_id:
        return queryset.filter(plan__status__in=VISIBLE_TO_UNITS).filter(_unit_responsible(user))
    return queryset.none()


def sees_only_own_tasks(user):
    """A unit's user reads a published plan whole but opens only the tasks of their unit, and
    follows only their changes and their rows of the ledger."""
    return user.is_reporter


def filter_audit_entries(queryset, user):
    """``queryset`` (entries of a plan ``user`` may see) narrowed to those they may read: a
    unit's user reads the changes of its own tasks since the plan was published — the drafting
    before is the planners' business."""
    if sees_only_own_tasks(user):
        return queryset.filter(
            task__in=Task.objects.visible_to(user), at__gte=F("plan__published_at")
        )
    return queryset


def opens_task(user, unit_ids):
    """Whether ``user``, who reads a plan, may open one of its tasks, whose responsible units
    are ``unit_ids``: a unit reads the whole published plan but opens only the tasks it is
    responsible for."""
    return not sees_only_own_tasks(user) or user.unit_id in unit_ids


def is_planner_of(user, plan):
    """A planner of the federation that owns ``plan``, or an administrator."""
    if not user.is_authenticated:
        return False
    if user.is_admin:
        return True
    return user.is_planner and plan.owner.federation_root_id == user.federation_id


def can_edit_plan(user, plan):
    """Planners of the owning federation edit a plan until it is archived."""
    return plan.status != Plan.Status.ARCHIVED and is_planner_of(user, plan)


def is_planner_or_admin(user):
    """A planner of some federation, or an administrator: the people who run plans."""
    return user.is_authenticated and (user.is_admin or user.is_planner)


def can_create_plans(user):
    """Planners and administrators make new plans (blank, imported or copied)."""
    return is_planner_or_admin(user)


def units_user_may_own_plans_for(user):
    """The units a new plan of ``user`` may belong to: their federation's, or all for an
    administrator."""
    if user.is_admin:
        return Unit.objects.all()
    if not user.is_planner:
        return Unit.objects.none()
    return Unit.objects.filter(Q(pk=user.federation_id) | Q(federation_id=user.federation_id))


def get_plan(user, pk):
    """The plan ``pk`` if ``user`` may see it, else 404."""
    return get_object_or_404(Plan.objects.visible_to(user).select_related("owner"), pk=pk)


def get_task(user, pk):
    """The task ``pk`` if ``user`` may see it, else 404."""
    return get_object_or_404(
        Task.objects.visible_to(user).select_related("plan", "plan__owner", "section"), pk=pk
    )


def _editable(user, plan):
    """``plan`` if ``user`` may change it; 403 for one they may see but not change."""
    if not can_edit_plan(user, plan):
        raise PermissionDenied
    return plan


def get_plan_to_edit(user, pk):
    """The plan ``pk`` if ``user`` may change it: 404 when unseen, 403 when read-only."""
    return _editable(user, get_plan(user, pk))


def get_section_to_edit(user, pk):
    """The section ``pk`` if ``user`` may change its plan: 404 when unseen, 403 when read-only."""
    section = get_object_or_404(
        Section.objects.filter(plan__in=Plan.objects.visible_to(user)).select_related(
            "plan", "plan__owner"
        ),
        pk=pk,
    )
    _editable(user, section.plan)
    return section


def get_task_to_edit(user, pk):
    """The task ``pk`` if ``user`` may change its plan: 404 when unseen, 403 when read-only."""
    task = get_task(user, pk)
    _editable(user, task.plan)
    return task


# --- The organisation: units, people, leaders -------------------------------------------------
# A federation's planners and administrators manage its units and accounts; an administrator
# without a unit manages every federation. Nobody else does. Another federation's unit or
# account is not found (404). Only an administrator makes or changes an administrator.


def can_manage_organisation(user):
    """Planners and administrators manage the organisation (of their federation)."""
    return is_planner_or_admin(user)


def federations_managed_by(user):
    """The federations (top units) whose organisation ``user`` manages."""
    if not can_manage_organisation(user):
        return Unit.objects.none()
    if user.is_admin and not user.unit_id:
        return Unit.objects.filter(federation__isnull=True)
    return Unit.objects.filter(pk=user.federation_id)


def _check_manager(user):
    if not can_manage_organisation(user):
        raise PermissionDenied


def get_federation_to_manage(user, pk):
    """The federation ``pk`` if ``user`` manages it: 403 for who manages none, else 404."""
    _check_manager(user)
    return get_object_or_404(federations_managed_by(user), pk=pk)


def units_managed_by(user):
    """Every unit of the federations ``user`` manages, the federations included."""
    federations = federations_managed_by(user)
    return Unit.objects.filter(Q(pk__in=federations) | Q(federation__in=federations))


def get_unit_to_manage(user, pk):
    """The unit ``pk`` if ``user`` manages its federation, else 404 (403 for non-managers)."""
    _check_manager(user)
    return get_object_or_404(units_managed_by(user).select_related("parent", "federation"), pk=pk)


def accounts_managed_by(user):
    """The accounts ``user`` may change: of their federations' units; administrators' accounts
    only for an administrator."""
    accounts = User.objects.filter(unit__in=units_managed_by(user))
    if not user.is_admin:
        accounts = accounts.exclude(Q(role=User.Role.ADMIN) | Q(is_superuser=True))
    return accounts


def get_account_to_manage(user, pk):
    """The account ``pk`` if ``user`` may change it, else 404 (403 for non-managers)."""
    _check_manager(user)
    return get_object_or_404(accounts_managed_by(user).select_related("unit"), pk=pk)


def get_leader_to_manage(user, pk):
    """The responsible leader ``pk`` if ``user`` manages their federation, else 404."""
    _check_manager(user)
    return get_object_or_404(
        Leader.objects.filter(federation__in=federations_managed_by(user)).select_related("user"),
        pk=pk,
    )


def roles_user_may_grant(user):
    """The roles ``user`` may give an account: administrator only by an administrator."""
    return [role for role in User.Role if role != User.Role.ADMIN or user.is_admin]
