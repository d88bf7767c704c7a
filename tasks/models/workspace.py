"""The unit workspace: acknowledgements, progress reports with their figures, attachments and
links, and the completion and extension requests planners review.

Reports, figures, attachments and links are never edited or deleted through the portal: the
history of a task is kept as it was written. Changes go through ``tasks.workspace.workflow``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.wording.deadlines import deadline_phrase
from tasks.models.file_kinds import KINDS


class Acknowledgement(models.Model):
    """A responsible unit has received the task (签收): once per task and unit."""

    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    unit = models.ForeignKey(
        "plans.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("acknowledged at"), default=timezone.now)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["at", "pk"]
        constraints = [
            # Also the index of "has this unit acknowledged this task" (my tasks, the task page)
            # and of the review queue's list of units that have not acknowledged.
            models.UniqueConstraint(
                fields=["task", "unit"], name="acknowledgement_once_per_task_unit"
            ),
        ]

    def __str__(self):
        return f"{self.unit} · {self.task}"

    @classmethod
    def exists_for(cls, task, unit):
        """Exists: ``unit`` has acknowledged ``task`` (values or outer references) — what
        "not acknowledged" means wherever it is counted or listed."""
        return Exists(cls.objects.filter(task=task, unit=unit))


class ProgressReport(models.Model):
    """One report (进展) of a unit on a task: text, percent done, figures toward the targets,
    attachments and links. Never overwritten: a new report is a new row."""

    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    unit = models.ForeignKey(
        "plans.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    # The unit's role when it reported (lead or supporting): the light follows the lead unit's
    # percent, supporting units report on their part.
    role = models.CharField(_("role"), max_length=20)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    text = models.TextField(_("what was done"))
    percent = models.PositiveSmallIntegerField(_("percent done"), null=True, blank=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gte=0, percent__lte=100),
                name="progress_report_percent_0_100",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["lead", "supporting"]),
                name="progress_report_role_lead_or_supporting",
            ),
        ]
        indexes = [
            # The percent the light compares (my tasks, the task page): a task's latest report
            # by its lead unit.
            models.Index(fields=["task", "role", "-created_at"], name="report_task_role_at_idx"),
            # The history on the task page, newest first.
            models.Index(fields=["task", "-created_at"], name="report_task_at_idx"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.task} · {timezone.localtime(self.created_at):%Y-%m-%d}"


class TargetFigure(models.Model):
    """What a unit has reached toward one target so far, as of one report (cumulative: the
    latest figure of each unit counts, and the units' latest figures add up)."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="figures"
    )
    target = models.ForeignKey(
        "plans.Target", verbose_name=_("target"), on_delete=models.CASCADE, related_name="figures"
    )
    # The report's unit, kept here so that "latest figure per unit per target" is one grouping.
    unit = models.ForeignKey(
        "plans.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("figure reached"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("target figure")
        verbose_name_plural = _("target figures")
        ordering = ["report", "target"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "target"], name="target_figure_once_per_report"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_figure_not_negative"),
        ]
        indexes = [
            # Target totals: the latest figure of each unit for each target.
            models.Index(fields=["target", "unit"], name="figure_target_unit_idx"),
        ]

    def __str__(self):
        return f"{self.target}: {self.value}"

    @property
    def value_display(self):
        return f"{self.value.normalize():f}"


def attachment_path(instance, filename):
    """A generated name under MEDIA_ROOT: nothing of the uploader's file name is used."""
    today = timezone.localdate()
    return f"reports/{today:%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class Attachment(models.Model):
    """A file attached to a report: a photo, a PDF or an Office document, checked by content
    (tasks.attachments) and served only through a view that checks permissions."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("original name"), max_length=255)
    kind = models.CharField(_("type"), max_length=10)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["report", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def extension(self):
        return KINDS[self.kind].extensions[0]

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


class ReportLink(models.Model):
    """A link to a published article (a WeChat post, a news page) given with a report."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="links"
    )
    url = models.URLField(_("address"), max_length=1000)
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["report", "pk"]

    def __str__(self):
        return self.title or self.url


class Review(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")


class ReviewedRequest(models.Model):
    """What a completion or extension request has in common: the unit that asks, and the
    planner's review of it."""

    unit = models.ForeignKey(
        "plans.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    status = models.CharField(
        _("review"), max_length=20, choices=Review.choices, default=Review.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-pk"]

    @property
    def is_pending(self):
        return self.status == Review.PENDING


class CompletionRequest(ReviewedRequest):
    """The lead unit reports the task done (申请办结); a planner accepts it or sends it back
    (办结审核)."""

    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="completion_requests",
    )
    note = models.TextField(_("summary of the work"))

    class Meta(ReviewedRequest.Meta):
        verbose_name = _("completion request")
        verbose_name_plural = _("completion requests")
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(status="pending"),
                name="completion_request_one_pending_per_task",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(reviewed_at__isnull=False),
                name="completion_request_reviewed_has_time",
            ),
        ]
        indexes = [
            # The review queue: pending requests, oldest first; the task page: a task's requests.
            models.Index(fields=["status", "requested_at"], name="completion_status_at_idx"),
            models.Index(fields=["task", "-requested_at"], name="completion_task_at_idx"),
        ]

    def __str__(self):
        return f"{self.task} · {self.get_status_display()}"


class ExtensionRequest(ReviewedRequest):
    """A unit asks to move the deadline (延期申请); a planner approves or rejects it. The
    deadline it replaced is kept here."""

    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("task"),
        on_delete=models.CASCADE,
        related_name="extension_requests",
    )
    reason = models.TextField(_("reason"))
    proposed_deadline = models.DateField(_("proposed deadline"))
    # The deadline before the request (refreshed when approved: the one actually replaced).
    old_deadline = models.DateField(_("previous deadline"), null=True, blank=True)
    old_deadline_text = models.CharField(_("previous deadline as written"), max_length=100)
    new_deadline = models.DateField(_("deadline granted"), null=True, blank=True)

    class Meta(ReviewedRequest.Meta):
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(status="pending"),
                name="extension_request_one_pending_per_task",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(reviewed_at__isnull=False),
                name="extension_request_reviewed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(new_deadline__isnull=False),
                name="extension_request_approved_has_deadline",
            ),
        ]
        indexes = [
            # The review queue: pending requests, oldest first; the task page: a task's requests.
            models.Index(fields=["status", "requested_at"], name="extension_status_at_idx"),
            models.Index(fields=["task", "-requested_at"], name="extension_task_at_idx"),
        ]

    def __str__(self):
        return f"{self.task} → {self.proposed_deadline} · {self.get_status_display()}"

    @property
    def proposed_deadline_text(self):
        """The proposed date as the plan would write it: "12月31日前" (with its year when it
        falls outside the plan's year)."""
        return deadline_phrase(self.proposed_deadline, self.task.plan.year)
