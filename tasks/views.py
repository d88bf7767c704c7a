from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from plans import permissions
from plans.models import Task
from tasks import dashboard as dashboard_figures
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
    context = {"unit": unit, "groups": group_by_urgency(tasks, today), "today": today}
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
