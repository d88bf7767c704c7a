from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans import permissions
from tasks import access
from tasks.models import Round
from tasks.workspace import attachments, progress, taskpage, workflow, worklist
from tasks.workspace.forms import (
    CompletionRequestForm,
    ExtensionRequestForm,
    ReportForm,
)
from unionplans.lib import uploads

# --- The unit's work list and task page -----------------------------------------------------


@login_required
def my_tasks(request):
    """A responsible leader's tasks (those they are 责任领导 of), or the tasks the user's unit
    leads or supports: grouped by urgency, with their lights, one page at a time."""
    today = timezone.localdate()
    filters = worklist.Filters.from_query(request.GET)
    leader = worklist.leader_of(request.user)
    unit = None if request.user.is_leader else request.user.unit
    if leader is not None:
        tasks = worklist.leader_tasks(request.user, leader)
    elif unit is not None:
        tasks = worklist.unit_tasks(request.user, unit)
    else:
        tasks = None
    listing = worklist.work_list(tasks, filters, today) if tasks is not None else None
    plans = list(worklist.plans_of(tasks)) if tasks is not None else []
    context = {
        "unit": unit,
        "leader": leader,
        "listing": listing,
        "groups": listing.groups if listing else [],
        "has_tasks": bool(listing and listing.has_tasks),
        "today": today,
        "filters": filters,
        "plans": plans,
        "several_plans": worklist.several_plans(plans, filters),
        "status_choices": worklist.STATUS_CHOICES,
        # Reporting rounds waiting for the unit come first (tasks.rounds).
        "open_rounds": list(Round.objects.open_for(unit)) if leader is None else [],
    }
    return render(request, "tasks/my_tasks.html", context)


def _report_form(user, rows, *args, reports=(), **kwargs):
    """The report form with a figure field for each target and the unit's last figures, its
    percent starting from the unit's last percent (``reports``: the task's, newest first)."""
    previous = {
        row.target.pk: contribution.value_display
        for row in rows
        if (contribution := row.figure_of(user.unit_id)) is not None
    }
    initial = {"percent": progress.latest_unit_percent(reports, user.unit_id)}
    return ReportForm(
        *args, targets=[row.target for row in rows], previous=previous, initial=initial, **kwargs
    )


def _task_page(request, task, **forms):
    context = taskpage.context(request.user, task)
    can = context["can"]
    context["report_form"] = forms.get("report_form") or _report_form(
        request.user, context["target_rows"], reports=context["reports"]
    )
    context["completion_form"] = forms.get("completion_form") or CompletionRequestForm(
        gaps=progress.completion_gaps(
            context["reported_percent"], [row.as_reached() for row in context["target_rows"]]
        )
    )
    context["extension_form"] = forms.get("extension_form") or ExtensionRequestForm(task=task)
    context["open_form"] = forms.get("open_form", "")
    context["show_forms"] = can.can_act
    return render(request, "tasks/task_detail.html", context)


@login_required
def task_detail(request, pk):
    """One task: what is asked, who is responsible, targets and what the units reported; the
    unit acts here (acknowledge, report, request completion or an extension), the planner
    reviews."""
    task = permissions.get_task(request.user, pk)
    return _task_page(request, task)


def _acting(request, pk):
    """The task (404 if not visible) and what the user may do on it (``tasks.access``); the
    workflow step checks the task's state itself."""
    task = permissions.get_task(request.user, pk)
    return task, access.for_task(request.user, task, task.responsibilities.all(), set())


def _refused(request, task, error):
    messages.error(request, str(error))
    return redirect(task)


@login_required
@require_POST
def acknowledge(request, pk):
    task, can = _acting(request, pk)
    if not can.can_act:
        raise PermissionDenied
    try:
        _ack, created = workflow.acknowledge(request.user, task, request.user.unit)
    except workflow.WorkflowError as error:
        return _refused(request, task, error)
    if created:
        messages.success(request, _("Acknowledged: your unit has received this task."))
    return redirect(task)


@login_required
@require_POST
def report(request, pk):
    task, can = _acting(request, pk)
    if not can.can_act:
        raise PermissionDenied
    rows = progress.target_rows(task)
    refused = uploads.refusals(request)
    # Files received before a cut-off are closed: with refusals, the form does not read them.
    files = None if refused else request.FILES
    form = _report_form(request.user, rows, request.POST, files, refused=refused)
    if not form.is_valid():
        return _report_refused(request, task, form)
    try:
        workflow.report(
            request.user,
            task,
            request.user.unit,
            text=form.cleaned_data["text"],
            percent=form.cleaned_data["percent"],
            figures=form.figures(),
            links=form.cleaned_data["links"],
            files=form.cleaned_data["files"],
        )
    except workflow.QuotaExceeded as error:
        form.refuse_files(str(error))
        return _report_refused(request, task, form)
    except workflow.WorkflowError as error:
        return _refused(request, task, error)
    messages.success(request, _("Your progress report has been saved."))
    return redirect(f"{task.get_absolute_url()}#reports")


def _report_refused(request, task, form):
    """The task page with the report form as sent, its errors marked."""
    messages.error(request, _("The report was not saved: please correct what is marked."))
    return _task_page(request, task, report_form=form, open_form="report")


@login_required
@require_POST
def request_completion(request, pk):
    task, can = _acting(request, pk)
    if not (can.can_act and can.is_lead):
        raise PermissionDenied
    form = CompletionRequestForm(request.POST, gaps=progress.gaps_of(task))
    if not form.is_valid():
        return _task_page(request, task, completion_form=form, open_form="completion")
    try:
        workflow.request_completion(
            request.user, task, request.user.unit, form.cleaned_data["note"]
        )
    except workflow.WorkflowError as error:
        return _refused(request, task, error)
    messages.success(request, _("Completion requested: the propaganda department will review it."))
    return redirect(task)


@login_required
@require_POST
def request_extension(request, pk):
    task, can = _acting(request, pk)
    if not (can.can_act and can.is_lead):
        raise PermissionDenied
    form = ExtensionRequestForm(request.POST, task=task)
    if not form.is_valid():
        return _task_page(request, task, extension_form=form, open_form="extension")
    try:
        workflow.request_extension(
            request.user,
            task,
            request.user.unit,
            proposed_deadline=form.cleaned_data["proposed_deadline"],
            reason=form.cleaned_data["reason"],
        )
    except workflow.WorkflowError as error:
        return _refused(request, task, error)
    messages.success(request, _("Extension requested: the propaganda department will decide."))
    return redirect(task)


# --- Attachments ----------------------------------------------------------------------------


@login_required
def attachment(request, pk):
    """Stream an attachment to a user who may see its task; anyone else gets a 404."""
    item = access.get_attachment(request.user, pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from the storage.") from None
    kind = attachments.KINDS.get(item.kind)
    response = FileResponse(
        handle,
        as_attachment=not (kind and kind.inline),
        filename=item.original_name,
        content_type=item.content_type,
    )
    # Not kept by the browser: on a shared office computer the next person, after a logout,
    # must not find the unit's files in the cache.
    response["Cache-Control"] = "private, no-store"
    return response
