from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans import permissions
from plans.models import Plan, Responsibility, Task
from tasks import access, attachments, notifications, progress, taskpage, workflow, worklist
from tasks.forms import (
    AcceptForm,
    CompletionRequestForm,
    ExtensionApprovalForm,
    ExtensionRequestForm,
    ReportForm,
    ReturnForm,
)
from tasks.models import (
    Acknowledgement,
    Attachment,
    CompletionRequest,
    ExtensionRequest,
    Notification,
    Review,
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


def _report_form(user, rows, *args):
    """The report form with a figure field for each target and the unit's last figures."""
    previous = {
        row.target.pk: contribution.value_display
        for row in rows
        if (contribution := row.figure_of(user.unit_id)) is not None
    }
    return ReportForm(*args, targets=[row.target for row in rows], previous=previous)


def _task_page(request, task, **forms):
    context = taskpage.context(request.user, task)
    can = context["can"]
    context["report_form"] = forms.get("report_form") or _report_form(
        request.user, context["target_rows"]
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
    visible = Task.objects.visible_to(request.user)
    item = get_object_or_404(Attachment, pk=pk, report__task__in=visible)
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


# --- Review (办结审核, 延期审批) --------------------------------------------------------------


def _can_see_reviews(user):
    return user.is_admin or user.is_planner or user.is_leader


@login_required
def review_queue(request):
    """Completion and extension requests waiting for review, and the units that have not
    acknowledged their tasks, in the published plans the user may see."""
    if not _can_see_reviews(request.user):
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
        "can_review": request.user.is_admin or request.user.is_planner,
    }
    return render(request, "tasks/review_queue.html", context)


def _back(request, task):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(task)


def _reviewing(request, model, pk):
    """The request (404 unless its task is visible) if the user may review it, else 403."""
    visible = Task.objects.visible_to(request.user)
    item = get_object_or_404(model.objects.select_related("task", "unit"), pk=pk, task__in=visible)
    task = permissions.get_task(request.user, item.task_id)
    if not (task.plan.is_published and access.is_reviewer(request.user, task.plan)):
        raise PermissionDenied
    item.task = task
    return item


@login_required
@require_POST
def review_completion(request, pk):
    """Accept a completion request or send it back with a comment."""
    completion = _reviewing(request, CompletionRequest, pk)
    accept = request.POST.get("decision") == "accept"
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
    extension = _reviewing(request, ExtensionRequest, pk)
    approve = request.POST.get("decision") == "approve"
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


# --- Dashboard and notifications ------------------------------------------------------------


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
