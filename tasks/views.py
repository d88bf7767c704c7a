from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from plans import permissions
from plans.models import Task
from tasks import dashboard as dashboard_figures
from tasks import notifications
from tasks.models import Notification
from tasks.worklist import group_by_urgency


@login_required
def task_detail(request, pk):
    """One task with its responsibilities, deadline and targets."""
    task = permissions.get_task(request.user, pk)
    responsibilities = task.responsibilities.select_related("unit", "leader").order_by("order")
    days_left = task.days_left()
    context = {
        "task": task,
        "plan": task.plan,
        "responsibilities": responsibilities,
        "targets": task.targets.all(),
        "days_left": days_left,
        "days_overdue": -days_left if days_left is not None else None,
    }
    return render(request, "tasks/task_detail.html", context)


@login_required
def my_tasks(request):
    """The tasks the user's unit leads or supports, grouped by urgency."""
    unit = request.user.unit
    tasks = []
    if unit is not None:
        tasks = (
            Task.objects.visible_to(request.user)
            .for_unit(unit)
            .select_related("plan", "section")
            .order_by("deadline", "plan_id", "order")
        )
    today = timezone.localdate()
    groups = group_by_urgency(tasks, today)
    context = {
        "unit": unit,
        "groups": groups,
        "has_tasks": any(group.tasks for group in groups),
        "today": today,
    }
    return render(request, "tasks/my_tasks.html", context)


@login_required
def dashboard(request):
    """Where this year's plans stand: counts, sections, units and overdue work."""
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else None
    context = {"dashboard": dashboard_figures.build(request.user, today, year), "today": today}
    return render(request, "tasks/dashboard.html", context)


@login_required
def notification_list(request):
    """The user's notifications, newest first."""
    page = Paginator(Notification.objects.filter(recipient=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "tasks/notification_list.html", {"page": page})


@login_required
def notification_open(request, pk):
    """Mark one notification read and go where it points."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications.mark_read(request.user, [notification.pk])
    safe = url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()})
    return redirect(notification.url if notification.url and safe else "tasks:notifications")


@require_POST
@login_required
def notification_read_all(request):
    notifications.mark_read(request.user)
    return redirect("tasks:notifications")
