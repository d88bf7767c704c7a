from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tasks import access
from tasks.models import CompletionRequest, ExtensionRequest
from tasks.workspace import review, workflow
from tasks.workspace.forms import (
    AcceptForm,
    ExtensionApprovalForm,
    ReturnForm,
)
from unionplans.lib import params
from unionplans.lib.paging import paginate
from unionplans.lib.redirects import safe_next

UNITS_PER_PAGE = 50

# --- Review (办结审核, 延期审批) --------------------------------------------------------------


@login_required
def review_queue(request):
    """Completion and extension requests waiting for review, a page of each with its evidence,
    and the units that have not acknowledged their tasks, counted, in the published plans the
    user may see."""
    if not access.can_see_reviews(request.user):
        raise PermissionDenied
    tasks = review.reviewable_tasks(request.user)
    completions, completions_query = review.page(request, review.pending_completions(tasks), "page")
    extensions, extensions_query = review.page(request, review.pending_extensions(tasks), "epage")
    # Units with tasks not acknowledged: a page of them (a province has thousands of units).
    units, units_query = paginate(
        request, review.not_acknowledged_counts(request.user), UNITS_PER_PAGE, "upage"
    )
    context = {
        "completions": completions,
        "completions_query": completions_query,
        "extensions": extensions,
        "extensions_query": extensions_query,
        "not_acknowledged": units.object_list,
        "not_acknowledged_page": units,
        "not_acknowledged_query": units_query,
        # Where each decision returns to: the page as it is (its pages of each list).
        "here": request.get_full_path(),
        "can_review": access.can_review_in_queue(request.user),
    }
    return render(request, "tasks/review_queue.html", context)


@login_required
def review_unit(request, pk):
    """The tasks one unit has not acknowledged yet, a page at a time."""
    if not access.can_see_reviews(request.user):
        raise PermissionDenied
    tasks = review.reviewable_tasks(request.user)
    unit = review.responsible_unit(tasks, pk)
    if unit is None:
        raise Http404
    missing, query = paginate(request, review.not_acknowledged_by(tasks, unit), 50)
    context = {"unit": unit, "page": missing, "query": query}
    return render(request, "tasks/review_unit.html", context)


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
