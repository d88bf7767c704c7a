"""The pages of reporting rounds: a plan's rounds (and opening one), a round per unit, a unit's
answers, closing and re-opening. Rules in ``tasks.access``, work in ``tasks.rounds.service``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans.models import Task
from tasks import access
from tasks.rounds import service
from tasks.rounds.forms import AnswerForm, RoundForm
from tasks.workspace.workflow import WorkflowError


@login_required
def round_list(request, pk):
    """A plan's rounds, newest first, and the form that opens one (for its planners)."""
    plan = access.get_plan_for_rounds(request.user, pk)
    may_open = access.can_open_rounds(request.user, plan)
    form = RoundForm(request.POST or None)
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
    rounds = plan.rounds.annotate(
        asked=Count("items"), answered=Count("items", filter=Q(items__report__isnull=False))
    )
    context = {"plan": plan, "rounds": rounds, "form": form, "may_open": may_open}
    return render(request, "tasks/rounds/round_list.html", context)


@login_required
def round_detail(request, pk):
    """The round per unit: tasks asked, answered, missing, late; one click to the answers."""
    rnd = access.get_round(request.user, pk)
    context = {
        "round": rnd,
        "statuses": service.unit_statuses(rnd),
        "may_manage": access.is_reviewer(request.user, rnd.plan),
        "may_write": access.can_write_documents(request.user, rnd.plan),
    }
    return render(request, "tasks/rounds/round_detail.html", context)


def _rows(items, forms_by_task):
    return [(item, forms_by_task.get(item.task_id)) for item in items]


@login_required
def round_unit(request, pk, unit_pk):
    """One unit's part of a round: its tasks with their answers, and a form per task for the
    unit's own users. An answer refused (round closed) is shown again with the reason."""
    rnd, unit = access.get_round_unit(request.user, pk, unit_pk)
    may_answer = access.can_answer_round(request.user, rnd, unit)
    items = service.unit_items(rnd, unit)
    forms_by_task = {}
    if may_answer:
        forms_by_task = {
            item.task_id: AnswerForm(prefix=f"t{item.task_id}", initial={"task": item.task_id})
            for item in items
            if item.task.status in service.OPEN_STATUSES
        }
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        task_id = _posted_task(request, items)
        form = AnswerForm(request.POST, prefix=f"t{task_id}") if task_id else None
        if form is None:
            messages.error(request, _("Choose a task of the round to answer."))
        elif form.is_valid():
            task = Task.objects.select_related("plan").get(pk=task_id)
            try:
                service.answer(
                    request.user,
                    rnd,
                    task,
                    unit,
                    text=form.cleaned_data["text"],
                    percent=form.cleaned_data["percent"],
                )
            except (service.RoundError, WorkflowError) as error:
                form.add_error(None, str(error))
                forms_by_task[task_id] = form
            else:
                messages.success(request, _("Your answer is submitted."))
                return redirect("tasks:round_unit", rnd.pk, unit.pk)
        else:
            forms_by_task[task_id] = form
        rnd.refresh_from_db(fields=["closed_at"])
    context = {
        "round": rnd,
        "unit": unit,
        "rows": _rows(items, forms_by_task),
        "may_answer": may_answer,
        "follows": not access.sees_unit_part_only(request.user),
    }
    return render(request, "tasks/rounds/round_unit.html", context)


def _posted_task(request, items):
    """The task the posted answer is about, if the round asks the unit about it."""
    asked = {item.task_id for item in items}
    for task_id in asked:
        if f"t{task_id}-task" in request.POST:
            return task_id
    return None


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
