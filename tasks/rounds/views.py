"""The pages of reporting rounds: a plan's rounds (and opening one), a round per unit, closing
and re-opening, and the plan's round schedule. A unit's answers: ``answer_views``. Rules in
``tasks.access``, work in ``tasks.rounds.service`` and ``tasks.rounds.schedule``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tasks import access
from tasks.models import RoundSchedule
from tasks.rounds import schedule, service
from tasks.rounds.forms import RoundForm, ScheduleForm

# The scheduled openings listed on the schedule's page, newest first.
RUNS_SHOWN = 12


@login_required
def round_list(request, pk):
    """A plan's rounds, newest first, and the form that opens one (for its planners): name,
    period, due date, the tasks it covers (its open tasks ticked) and who answers."""
    plan = access.get_plan_for_rounds(request.user, pk)
    may_open = access.can_open_rounds(request.user, plan)
    form = RoundForm(request.POST or None, plan=plan)
    if request.method == "POST":
        if not may_open:
            raise PermissionDenied
        if form.is_valid():
            try:
                rnd = service.open_round(request.user, plan, **form.cleaned_data)
            except service.RoundError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The round is open."))
                return redirect("tasks:round_detail", rnd.pk)
        messages.error(request, _("The round was not opened: please correct what is marked."))
    rounds = plan.rounds.annotate(
        asked=Count("items"), answered=Count("items", filter=Q(items__report__isnull=False))
    )
    plan_schedule = RoundSchedule.objects.filter(plan=plan).first()
    task_groups = form.task_groups() if may_open else []
    choices = [task for _section, tasks in task_groups for task in tasks]
    context = {
        "plan": plan,
        "rounds": rounds,
        "form": form,
        "task_groups": task_groups,
        "tasks_total": len(choices),
        "tasks_chosen": sum(task.chosen for task in choices),
        "may_open": may_open,
        "may_schedule": access.is_reviewer(request.user, plan),
        "schedule_text": schedule.describe(plan_schedule),
    }
    return render(request, "tasks/rounds/round_list.html", context)


@login_required
def round_detail(request, pk):
    """The round per unit: tasks asked, answered, missing, late; one click to the answers;
    and the tasks it covers by section, with their lead units."""
    rnd = access.get_round(request.user, pk)
    task_groups = service.round_tasks(rnd)
    context = {
        "round": rnd,
        "statuses": service.unit_statuses(rnd),
        "task_groups": task_groups,
        "task_count": sum(len(tasks) for _section, tasks in task_groups),
        "may_manage": access.is_reviewer(request.user, rnd.plan),
        "may_write": access.can_write_documents(request.user, rnd.plan),
    }
    return render(request, "tasks/rounds/round_detail.html", context)


@login_required
@require_POST
def round_state(request, pk):
    """Close or re-open a round (its planners)."""
    rnd = access.get_round_to_manage(request.user, pk)
    if request.POST.get("action") == "reopen":
        service.reopen(request.user, rnd)
        messages.success(request, _("The round is open again; earlier answers are kept."))
    else:
        service.close(request.user, rnd)
        messages.success(request, _("The round is closed."))
    return redirect("tasks:round_detail", rnd.pk)


@login_required
def round_schedule(request, pk):
    """The plan's round schedule (its planners): how often rounds open on their own, when their
    answers are due and how they are named; the next round and the last openings."""
    plan = access.get_plan_to_schedule_rounds(request.user, pk)
    current = RoundSchedule.objects.filter(plan=plan).first()
    form = ScheduleForm(request.POST or None, instance=current or RoundSchedule(plan=plan))
    if request.method == "POST":
        if form.is_valid():
            schedule.save(request.user, plan, form.save(commit=False))
            messages.success(request, _("The round schedule has been saved."))
            return redirect("tasks:round_schedule", plan.pk)
        messages.error(request, _("The schedule was not saved: please correct what is marked."))
    runs = current.runs.select_related("round")[:RUNS_SHOWN] if current else []
    context = {
        "plan": plan,
        "form": form,
        "schedule_text": schedule.describe(current),
        "next_round": schedule.next_round(current),
        "runs": runs,
        "published": plan.is_published,
    }
    return render(request, "tasks/rounds/round_schedule.html", context)
