from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans.models import Plan, Responsibility, Task
from tasks import access
from tasks.models import (
    Acknowledgement,
    CompletionRequest,
    ExtensionRequest,
    Review,
)
from tasks.workspace import workflow
from tasks.workspace.forms import (
    AcceptForm,
    ExtensionApprovalForm,
    ReturnForm,
)
from unionplans.lib import params
from unionplans.lib.redirects import safe_next

# --- Review (办结审核, 延期审批) --------------------------------------------------------------


@login_required
def review_queue(request):
    """Completion and extension requests waiting for review, and the units that have not
    acknowledged their tasks, in the published plans the user may see."""
    if not access.can_see_reviews(request.user):
        raise PermissionDenied
    tasks = Task.objects.visible_to(request.user).filter(plan__status=Plan.Status.PUBLISHED)
    completions = (
        CompletionRequest.objects.filter(status=Review.PENDING, task__in=tasks)
        .select_related("task", "task__plan", "unit", "requested_by")
        .order_by("requested_at", "pk")
    )
    extensions = (
        ExtensionRequest.objects.filter(status=Review.PENDING, task__in=tasks)
        .select_related("task", "task__plan", "unit", "requested_by")
        .order_by("requested_at", "pk")
    )
    acknowledged = Acknowledgement.objects.filter(task=OuterRef("task"), unit=OuterRef("unit"))
    missing = (
        Responsibility.objects.filter(task__in=tasks, role__in=access.UNIT_ROLES)
        .exclude(Exists(acknowledged))
        .select_related("unit", "task")
        .order_by("unit__order", "unit__name", "task__plan_id", "task__order", "task_id")
    )
    not_acknowledged = {}
    for responsibility in missing:
        not_acknowledged.setdefault(responsibility.unit, []).append(responsibility)
    context = {
        "completions": list(completions),
        "extensions": list(extensions),
        "not_acknowledged": list(not_acknowledged.items()),
        "can_review": access.can_review_in_queue(request.user),
    }
    return render(request, "tasks/review_queue.html", context)


def _back(request, task):
    return redirect(safe_next(request, task.get_absolute_url()))


@login_required
@require_POST
def review_completion(request, pk):
    """Accept a completion request or send it back with a comment."""
    completion = access.get_to_review(request.user, CompletionRequest, pk)
    accept = params.choice_param(request, "decision", {"accept", "return"}) == "accept"
    form = (AcceptForm if accept else ReturnForm)(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the task is sent back."))
        return _back(request, completion.task)
    try:
        workflow.review_completion(
            request.user, completion, accept=accept, comment=form.cleaned_data["comment"]
        )
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return _back(request, completion.task)
    if accept:
        messages.success(request, _("Completion accepted: the task is done."))
    else:
        messages.success(request, _("The task has been sent back to the unit."))
    return _back(request, completion.task)


@login_required
@require_POST
def review_extension(request, pk):
    """Approve an extension (with the proposed or another date) or reject it with a comment."""
    extension = access.get_to_review(request.user, ExtensionRequest, pk)
    approve = params.choice_param(request, "decision", {"approve", "reject"}) == "approve"
    form = (ExtensionApprovalForm if approve else ReturnForm)(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request, extension.task)
    try:
        workflow.review_extension(
            request.user,
            extension,
            approve=approve,
            new_deadline=form.cleaned_data.get("new_deadline"),
            deadline_text=form.cleaned_data.get("deadline_text", ""),
            comment=form.cleaned_data["comment"],
        )
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return _back(request, extension.task)
    if approve:
        messages.success(request, _("Extension approved: the deadline has been moved."))
    else:
        messages.success(request, _("Extension rejected."))
    return _back(request, extension.task)
