"""The reminder pages: a plan's reminder policy, the units' chat robots and the delivery log.

Objects are fetched through the user's rights first (what one may not see is a 404), then the
role is checked (what one sees but may not change is a 403); the rules are ``tasks.access``'s:

- a plan's policy: planners of the plan's federation (and administrators);
- a unit's robots: planners of the unit's federation and the unit's own users; leaders see the
  federation's units but do not configure them;
- the delivery log: planners of the federation.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans import permissions
from plans.models import Plan
from tasks import access
from tasks.models import Delivery, ReminderPolicy
from tasks.reminders import delivery, robot_test, workdays
from tasks.reminders.forms import DeliveryFilterForm, ReminderPolicyForm, UnitChannelForm
from unionplans.lib.paging import paginate

UNITS_PER_PAGE = 50
# What a line of the delivery log names: fetched with the delivery, not a query per line.
DELIVERY_RELATED = (
    "reminder__unit",
    "reminder__leader",
    "reminder__task",
    "reminder__round",
    "reminder__writing",
    "reminder__plan",
    "unit_channel",
    "requested_by",
)
DELIVERIES_PER_PAGE = 50

# --- A plan's reminder policy -----------------------------------------------------------------


@login_required
def policy(request, pk):
    """When this plan's reminders go out; planners of its federation change it."""
    plan = permissions.get_plan(request.user, pk)
    if not access.is_reviewer(request.user, plan):
        raise PermissionDenied
    current = ReminderPolicy.objects.filter(plan=plan).first() or ReminderPolicy(plan=plan)
    form = ReminderPolicyForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.updated_by = request.user
        saved.save()
        messages.success(request, _("The reminder policy has been saved."))
        return redirect("tasks:reminder_policy", plan.pk)
    context = {
        "plan": plan,
        "form": form,
        "policy": current,
        "published": plan.status == Plan.Status.PUBLISHED,
        "calendar_warning": workdays.calendar_warning(),
    }
    return render(request, "tasks/reminders/policy.html", context)


# --- Units and their chat robots ---------------------------------------------------------------


@login_required
def units(request):
    """The federation's units and how reminders reach them (users, addresses, robots), a page
    at a time: a province has thousands of units."""
    if not access.can_list_units(request.user):
        raise PermissionDenied
    rows = (
        access.units_visible_to(request.user)
        .select_related("federation")
        .annotate(
            active_users=Count("users", filter=Q(users__is_active=True), distinct=True),
            robots=Count("channels", filter=Q(channels__is_active=True), distinct=True),
            broken=Count("channels", filter=Q(channels__broken_at__isnull=False), distinct=True),
        )
        .order_by("federation_id", "order", "name")
    )
    page, query = paginate(request, rows, UNITS_PER_PAGE)
    context = {
        "units": page,
        "page": page,
        "query": query,
        "calendar_warning": workdays.calendar_warning(),
    }
    return render(request, "tasks/reminders/units.html", context)


def _channels_page(request, unit, form):
    context = {
        "unit": unit,
        "form": form,
        "robots": list(unit.channels.order_by("kind", "pk")),
        "active_users": unit.users.filter(is_active=True).count(),
        "emails": unit.email_list(),
        "can_list_units": access.can_list_units(request.user),
    }
    return render(request, "tasks/reminders/unit_channels.html", context)


@login_required
def unit_channels(request, pk):
    """How reminders reach a unit; add a chat robot."""
    unit = access.get_unit_to_configure(request.user, pk)
    form = UnitChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        robot = form.save(unit)
        messages.success(
            request,
            _("%(robot)s added. Send a test message to check that it works.")
            % {"robot": robot.label},
        )
        return redirect("tasks:unit_channels", unit.pk)
    return _channels_page(request, unit, form)


@login_required
def unit_channel_edit(request, pk, robot):
    unit, item = access.get_robot_to_configure(request.user, pk, robot)
    form = UnitChannelForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save(unit)
        messages.success(request, _("%(robot)s saved.") % {"robot": item.label})
        return redirect("tasks:unit_channels", unit.pk)
    return render(
        request, "tasks/reminders/channel_edit.html", {"unit": unit, "robot": item, "form": form}
    )


@login_required
@require_POST
def unit_channel_test(request, pk, robot):
    """Queue a test message; a worker sends it and the unit's page shows the outcome
    (tasks.reminders.robot_test). Never sent from here: see that module for why."""
    unit, item = access.get_robot_to_configure(request.user, pk, robot)
    if robot_test.queue(item):
        messages.info(
            request,
            _(
                "The test message to %(robot)s has been queued; its outcome will appear on this "
                "page within a minute."
            )
            % {"robot": item.label},
        )
    else:
        messages.error(
            request, _("The test message could not be queued; try again in a few minutes.")
        )
    return redirect("tasks:unit_channels", unit.pk)


@login_required
@require_POST
def unit_channel_delete(request, pk, robot):
    unit, item = access.get_robot_to_configure(request.user, pk, robot)
    item.delete()
    messages.success(request, _("%(robot)s removed.") % {"robot": item.label})
    return redirect("tasks:unit_channels", unit.pk)


# --- The delivery log ----------------------------------------------------------------------------


@login_required
def deliveries(request):
    """Recent deliveries with their status, newest first, filtered by status, unit or plan."""
    if not access.can_see_deliveries(request.user):
        raise PermissionDenied
    user = request.user
    units = access.units_visible_to(user).order_by("order", "name").values_list("pk", "name")
    plans = Plan.objects.visible_to(user).order_by("-year", "title").values_list("pk", "title")
    form = DeliveryFilterForm(request.GET or None, units=units, plans=plans)
    rows = form.filter(
        access.filter_deliveries(Delivery.objects.all(), user)
        .select_related(*DELIVERY_RELATED)
        .order_by("-pk")
    )
    page, query = paginate(request, rows, DELIVERIES_PER_PAGE)
    context = {"page": page, "form": form, "query": query}
    return render(request, "tasks/reminders/deliveries.html", context)


def _visible_delivery(user, pk):
    return access.get_delivery(
        user,
        pk,
        Delivery.objects.select_related(*DELIVERY_RELATED, "resend_of"),
    )


@login_required
def delivery_detail(request, pk):
    """One delivery with every attempt, and its resends."""
    item = _visible_delivery(request.user, pk)
    context = {
        "delivery": item,
        "attempts": list(item.attempt_log.order_by("number")),
        "resends": list(item.resends.select_related("requested_by").order_by("pk")),
    }
    return render(request, "tasks/reminders/delivery_detail.html", context)


@login_required
@require_POST
def delivery_resend(request, pk):
    """Send a delivery again: a new delivery, on record with who asked for it."""
    item = _visible_delivery(request.user, pk)
    if not item.can_resend:
        messages.error(request, _("Only a sent or failed delivery can be sent again."))
        return redirect("tasks:delivery_detail", item.pk)
    robot = item.unit_channel
    if item.channel in delivery.ROBOTS and (robot is None or not robot.works):
        messages.error(
            request,
            _(
                "%(robot)s is removed, switched off or broken: repair it and send a test message "
                "first."
            )
            % {"robot": item.channel_label},
        )
        return redirect("tasks:delivery_detail", item.pk)
    again = delivery.resend(item, request.user)
    messages.success(request, _("The reminder will be sent again."))
    return redirect("tasks:delivery_detail", again.pk)
