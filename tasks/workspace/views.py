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
from tasks.workspace import attachments, progress, taskpage, workflow, worklist
from tasks.workspace.forms import (
    CompletionRequestForm,
    ExtensionRequestForm,
    ReportForm,
)

# --- The unit's work list and task page -----------------------------------------------------


@login_required
def my_tasks(request):
    """The tasks the user's unit leads or supports, grouped by urgency, with their lights."""
    unit = request.user.unit
    today = timezone.localdate()
    filters = worklist.Filters.from_query(request.GET)
    tasks, plans = [], []
    if unit is not None:
        tasks = worklist.work_list(request.user, unit, filters, today)
        plans = worklist.plans_of(worklist.unit_tasks(request.user, unit))
    groups = worklist.group_by_urgency(tasks, today)
    context = {
        "unit": unit,
        "groups": groups,
        "has_tasks": bool(tasks),
        "today": today,
        "filters": filters,
        "plans": plans,
        "status_choices": worklist.STATUS_CHOICES,
    }
    return render(request, "tasks/my_tasks.html", context)


def _report_form(user, rows, *args, reports=()):
    """The report form with a figure field for each target and the unit's last figures, its
    percent starting from the unit's last percent (``reports``: the task's, newest first)."""
    previous = {
        row.target.pk: contribution.value_display
        for row in rows
        if (contribution := row.figure_of(user.unit_id)) is not None
    }
    initial = {"percent": progress.latest_unit_percent(reports, user.unit_id)}
    return ReportForm(
        *args, targets=[row.target for row in rows], previous=previous, initial=initial
    )


def _task_page(request, task, **forms):
    context = taskpage.context(request.user, task)
    can = context["can"]
    context["report_form"] = forms.get("report_form") or _report_form(
        request.user, context["target_rows"], reports=context["reports"]
    )
    context["completion_form"] = forms.get("completion_form") or CompletionRequestForm()
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
    form = _report_form(request.user, rows, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("The report was not saved: please correct what is marked."))
        return _task_page(request, task, report_form=form, open_form="report")
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
    except workflow.WorkflowError as error:
        return _refused(request, task, error)
    messages.success(request, _("Your progress report has been saved."))
    return redirect(f"{task.get_absolute_url()}#reports")


@login_required
@require_POST
def request_completion(request, pk):
    task, can = _acting(request, pk)
    if not (can.can_act and can.is_lead):
        raise PermissionDenied
    form = CompletionRequestForm(request.POST)
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
    response["Cache-Control"] = "private, max-age=3600"
    return response
