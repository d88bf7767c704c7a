"""The steps of carrying out a task, each one transaction: acknowledge (签收), report progress
(进展), request completion (申请办结), review it (办结审核), request an extension (延期申请) and
decide on it.

Every step locks the task row first, so that two people acting on one task at the same moment
are served one after the other and nothing is lost; every step is recorded with
``plans.audit.record`` (who, when, before, after); requests notify the planners of the plan's
federation and decisions notify the unit. The views check who may act (``tasks.access``); the
steps check again what the task's state allows and raise ``WorkflowError`` otherwise.
"""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from plans import audit
from plans.models import Responsibility, Task, Unit
from plans.wording.deadlines import deadline_phrase
from tasks import access
from tasks.models import (
    Acknowledgement,
    Attachment,
    CompletionRequest,
    ExtensionRequest,
    ProgressReport,
    ReportLink,
    Review,
    TargetFigure,
)
from tasks.notifications import inbox as notifications
from tasks.workspace import attachments

# Audit actions written here (made readable in tasks.workspace.history).
ACKNOWLEDGED = "task.acknowledged"
REPORTED = "task.reported"
STATUS_CHANGED = "task.status"
COMPLETION_REQUESTED = "task.completion_requested"
COMPLETION_ACCEPTED = "task.completion_accepted"
COMPLETION_RETURNED = "task.completion_returned"
EXTENSION_REQUESTED = "task.extension_requested"
EXTENSION_APPROVED = "task.extension_approved"
EXTENSION_REJECTED = "task.extension_rejected"


class WorkflowError(Exception):
    """A step the task's state does not allow; the message is shown to the user."""


class QuotaExceeded(WorkflowError):
    """The report's files would take the unit past its storage quota; shown on the form."""


def _locked(task):
    """The task, re-read under a row lock for the rest of the transaction (only the task's row:
    other tasks of the plan, and the plan itself, stay free)."""
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__owner")
        .get(pk=task.pk)
    )


def _role_of(task, unit):
    return (
        Responsibility.objects.filter(task=task, unit=unit, role__in=access.UNIT_ROLES)
        .values_list("role", flat=True)
        .first()
    )


def _require_role(task, unit, *roles):
    role = _role_of(task, unit)
    if role not in roles:
        raise WorkflowError(gettext("Your unit is not responsible for this part of the task."))
    return role


def _require_open_plan(task):
    if not task.plan.is_published:
        raise WorkflowError(gettext("The plan is archived: its tasks can no longer change."))


def _set_status(task, status, user, action, summary=""):
    """Change the status (and completion time) of a locked task and record it."""
    before = task.status
    task.status = status
    task.completed_at = timezone.now() if status == Task.Status.DONE else None
    Task.objects.filter(pk=task.pk).update(status=task.status, completed_at=task.completed_at)
    audit.record(
        user,
        action,
        task=task,
        summary=summary,
        before={"status": before},
        after={"status": status},
    )


def _acknowledge(task, unit, user):
    existing = Acknowledgement.objects.filter(task=task, unit=unit).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            acknowledgement = Acknowledgement.objects.create(task=task, unit=unit, user=user)
    except IntegrityError:
        # Only reachable without the task lock (SQLite serialises writes instead).
        return Acknowledgement.objects.get(task=task, unit=unit), False
    audit.record(
        user,
        ACKNOWLEDGED,
        task=task,
        summary=unit.name,
        after={"unit": unit.name, "at": acknowledgement.at},
    )
    return acknowledgement, True


@transaction.atomic
def acknowledge(user, task, unit):
    """The unit confirms it has received the task; once per unit. Returns (acknowledgement,
    created)."""
    task = _locked(task)
    _require_open_plan(task)
    _require_role(task, unit, *access.UNIT_ROLES)
    return _acknowledge(task, unit, user)


def report(user, task, unit, *, text, percent=None, figures=None, links=(), files=()):
    """Add a progress report of ``unit`` on ``task``.

    ``figures`` maps targets of the task to the unit's figure reached so far; ``links`` is a list
    of (url, title); ``files`` a list of (uploaded file, ``tasks.attachments.Kind``) already
    checked. Reporting acknowledges the task for the unit and starts it. Files are written under
    generated names; if the transaction fails they are removed again. Files that would take the
    unit past ``settings.ATTACHMENT_UNIT_QUOTA_BYTES`` raise ``QuotaExceeded``: nothing is saved.
    """
    stored = []
    try:
        with transaction.atomic():
            return _report(user, task, unit, text, percent, figures or {}, links, files, stored)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def _check_quota(unit, uploads):
    # The unit's row lock makes two reports of one unit at the same moment count one after the
    # other (the task lock would not: they may be on different tasks).
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    try:
        attachments.check_quota(unit, uploads)
    except ValidationError as error:
        raise QuotaExceeded(error.messages[0]) from None


def _report(user, task, unit, text, percent, figures, links, files, stored):
    task = _locked(task)
    _require_open_plan(task)
    role = _require_role(task, unit, *access.UNIT_ROLES)
    if task.is_done:
        raise WorkflowError(gettext("The task is done: no more reports are taken."))
    for target in figures:
        if target.task_id != task.pk:
            raise WorkflowError(gettext("A figure was given for a target of another task."))
    if files:
        _check_quota(unit, [upload for upload, _kind in files])
    _acknowledge(task, unit, user)
    progress = ProgressReport.objects.create(
        task=task, unit=unit, role=role, author=user, text=text, percent=percent
    )
    TargetFigure.objects.bulk_create(
        TargetFigure(report=progress, target=target, unit=unit, value=value)
        for target, value in figures.items()
    )
    ReportLink.objects.bulk_create(
        ReportLink(report=progress, url=url, title=title) for url, title in links
    )
    attached = []
    for upload, kind in files:
        attachment = Attachment(
            report=progress,
            original_name=upload.name[:255],
            kind=kind.code,
            content_type=kind.content_type,
            size=upload.size,
        )
        upload.seek(0)
        attachment.file.save(upload.name, upload, save=False)
        stored.append(attachment.file.name)
        attachment.save()
        attached.append(attachment.original_name)
    audit.record(
        user,
        REPORTED,
        task=task,
        summary=text,
        after={
            "unit": unit.name,
            "percent": percent,
            "figures": [
                {"target": target.text, "value": value} for target, value in figures.items()
            ],
            "attachments": attached,
            "links": [url for url, _title in links],
        },
    )
    if task.status == Task.Status.NOT_STARTED:
        _set_status(task, Task.Status.IN_PROGRESS, user, STATUS_CHANGED)
    return progress


@transaction.atomic
def request_completion(user, task, unit, note):
    """The lead unit reports the task done; the planners are asked to review it."""
    task = _locked(task)
    _require_open_plan(task)
    _require_role(task, unit, Responsibility.Role.LEAD)
    if task.status not in (Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS):
        raise WorkflowError(gettext("Completion has already been requested or accepted."))
    _acknowledge(task, unit, user)
    request = CompletionRequest.objects.create(task=task, unit=unit, requested_by=user, note=note)
    _set_status(task, Task.Status.COMPLETION_REQUESTED, user, COMPLETION_REQUESTED, summary=note)
    notifications.notify_users(
        access.planners_of(task.plan),
        kind="completion_requested",
        title=gettext("%(unit)s requests completion of %(task)s")
        % {"unit": unit.display_name, "task": task},
        body=note,
        url=task.get_absolute_url(),
        plan=task.plan,
        task=task,
    )
    return request


@transaction.atomic
def review_completion(user, completion, *, accept, comment=""):
    """Accept a completion request (the task is done) or send it back with a comment (the task
    is in progress again)."""
    task = _locked(completion.task)
    completion = CompletionRequest.objects.select_for_update().get(pk=completion.pk)
    _require_open_plan(task)
    if not completion.is_pending:
        raise WorkflowError(gettext("This request has already been reviewed."))
    if not accept and not comment.strip():
        raise WorkflowError(gettext("Say why the task is sent back."))
    completion.status = Review.ACCEPTED if accept else Review.REJECTED
    completion.reviewed_by = user
    completion.reviewed_at = timezone.now()
    completion.review_comment = comment
    completion.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    if accept:
        _set_status(task, Task.Status.DONE, user, COMPLETION_ACCEPTED, summary=comment)
        title = gettext("Completion accepted: %(task)s")
    else:
        _set_status(task, Task.Status.IN_PROGRESS, user, COMPLETION_RETURNED, summary=comment)
        title = gettext("Completion sent back: %(task)s")
    notifications.notify_units(
        [completion.unit],
        kind="completion_reviewed",
        title=title % {"task": task},
        body=comment,
        url=task.get_absolute_url(),
        plan=task.plan,
        task=task,
    )
    return completion


@transaction.atomic
def request_extension(user, task, unit, *, proposed_deadline, reason):
    """The lead unit asks to move the deadline to ``proposed_deadline``."""
    task = _locked(task)
    _require_open_plan(task)
    _require_role(task, unit, Responsibility.Role.LEAD)
    if task.is_done:
        raise WorkflowError(gettext("The task is done: its deadline no longer matters."))
    if task.deadline is None:
        raise WorkflowError(gettext("The task has no fixed deadline to extend."))
    if proposed_deadline <= task.deadline:
        raise WorkflowError(gettext("Propose a date after the current deadline."))
    if proposed_deadline < timezone.localdate():
        raise WorkflowError(gettext("Propose a date that has not passed."))
    if ExtensionRequest.objects.filter(task=task, status=Review.PENDING).exists():
        raise WorkflowError(gettext("An extension request is already waiting for review."))
    _acknowledge(task, unit, user)
    extension = ExtensionRequest.objects.create(
        task=task,
        unit=unit,
        requested_by=user,
        reason=reason,
        proposed_deadline=proposed_deadline,
        old_deadline=task.deadline,
        old_deadline_text=task.deadline_text,
    )
    audit.record(
        user,
        EXTENSION_REQUESTED,
        task=task,
        summary=reason,
        after={"deadline": task.deadline, "proposed_deadline": proposed_deadline},
    )
    notifications.notify_users(
        access.planners_of(task.plan),
        kind="extension_requested",
        title=gettext("%(unit)s requests an extension of %(task)s")
        % {"unit": unit.display_name, "task": task},
        body=reason,
        url=task.get_absolute_url(),
        plan=task.plan,
        task=task,
    )
    return extension


@transaction.atomic
def review_extension(user, extension, *, approve, new_deadline=None, deadline_text="", comment=""):
    """Approve an extension (the task's deadline becomes ``new_deadline``, by default the one
    proposed; the replaced deadline is kept on the request and in the audit trail) or reject it
    with a comment."""
    task = _locked(extension.task)
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    _require_open_plan(task)
    if not extension.is_pending:
        raise WorkflowError(gettext("This request has already been reviewed."))
    if not approve and not comment.strip():
        raise WorkflowError(gettext("Say why the extension is rejected."))
    extension.reviewed_by = user
    extension.reviewed_at = timezone.now()
    extension.review_comment = comment
    if approve:
        new_deadline = new_deadline or extension.proposed_deadline
        deadline_text = deadline_text.strip() or deadline_phrase(new_deadline, task.plan.year)
        before = {"deadline": task.deadline, "deadline_text": task.deadline_text}
        extension.status = Review.ACCEPTED
        extension.old_deadline, extension.old_deadline_text = task.deadline, task.deadline_text
        extension.new_deadline = new_deadline
        task.deadline, task.deadline_text = new_deadline, deadline_text
        # The version tells the plan editor that the task changed under it.
        Task.objects.filter(pk=task.pk).update(
            deadline=new_deadline, deadline_text=deadline_text, version=F("version") + 1
        )
        audit.record(
            user,
            EXTENSION_APPROVED,
            task=task,
            summary=comment,
            before=before,
            after={"deadline": new_deadline, "deadline_text": deadline_text},
        )
        title = gettext("Extension approved: %(task)s")
    else:
        extension.status = Review.REJECTED
        audit.record(
            user,
            EXTENSION_REJECTED,
            task=task,
            summary=comment,
            after={"deadline": task.deadline, "proposed_deadline": extension.proposed_deadline},
        )
        title = gettext("Extension rejected: %(task)s")
    extension.save()
    notifications.notify_units(
        [extension.unit],
        kind="extension_reviewed",
        title=title % {"task": task},
        body=comment,
        url=task.get_absolute_url(),
        plan=task.plan,
        task=task,
    )
    return extension
