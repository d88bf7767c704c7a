"""The plan being carried out. Task status lives on ``plans.Task``; here: what units report,
what planners review and what reaches people.

Reports, figures, attachments and links are never edited or deleted through the portal: the
history of a task is kept as it was written. Changes go through ``tasks.workflow``.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message to one user: a plan published, a task changed, a reminder."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    task = models.ForeignKey(
        "plans.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The unread count in the navigation bar and the notification list.
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
        ]

    def __str__(self):
        return self.title


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
        return f"{self.unit} · {self.task} · {self.created_at:%Y-%m-%d}"


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
        from tasks.attachments import KINDS

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


def written_deadline(day):
    """How a granted deadline is written in the plan's language: 2026年12月31日前."""
    return f"{day.year}年{day.month}月{day.day}日前"


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
        return written_deadline(self.proposed_deadline)


# --- Reminders (催办 / 提醒): policy, chat robots, reminders and their deliveries ------------
# See docs/reminders.md. The sweep (tasks.reminders) records what is due as Reminder rows, unique
# on (task, recipient, kind, trigger date); each reminder has one Delivery per channel, claimed in
# the database before it is sent (tasks.delivery), with a DeliveryAttempt per try.


def default_days_before():
    """Remind 7 days and 1 day before the deadline."""
    return [7, 1]


class ReminderPolicy(models.Model):
    """When the reminders of one plan go out. A plan without a policy uses the defaults."""

    plan = models.OneToOneField(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="reminder_policy",
    )
    enabled = models.BooleanField(_("send reminders for this plan"), default=True)
    days_before = models.JSONField(
        _("days before the deadline"),
        default=default_days_before,
        help_text=_("Remind the lead and supporting units this many days before the deadline."),
    )
    overdue_first_day = models.BooleanField(_("remind on the first overdue day"), default=True)
    overdue_every_days = models.PositiveSmallIntegerField(
        _("remind again every … days while overdue"),
        default=7,
        help_text=_("0 turns repeated overdue reminders off."),
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("escalate to the responsible leaders after … days overdue"),
        default=3,
        help_text=_("0 turns escalation off."),
    )
    unit_digest = models.BooleanField(_("Monday digest to each unit"), default=True)
    leader_summary = models.BooleanField(_("weekly summary to the leaders"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")

    def __str__(self):
        return str(self.plan)

    def clean(self):
        # The JSON field can be typed freely in the admin: only whole days are accepted.
        days = self.days_before
        if not isinstance(days, list) or not all(
            isinstance(day, int) and not isinstance(day, bool) and 0 <= day <= 366 for day in days
        ):
            raise ValidationError(
                {"days_before": _("Give a list of whole numbers of days from 0 to 366.")}
            )

    def offsets(self):
        """The valid days before the deadline, largest first (anything else is ignored)."""
        days = self.days_before if isinstance(self.days_before, list) else []
        valid = {
            d for d in days if isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 366
        }
        return tuple(sorted(valid, reverse=True))

    def signature(self):
        """The settings that decide what is due: plans sharing them are swept together."""
        return (
            self.enabled,
            self.offsets(),
            self.overdue_first_day,
            self.overdue_every_days,
            self.escalate_after_days,
            self.unit_digest,
            self.leader_summary,
        )


class UnitChannel(models.Model):
    """A chat robot (WeCom, DingTalk, Feishu) that receives a unit's reminders. Email and in-app
    reminders need no configuration: they follow the unit's addresses and users."""

    unit = models.ForeignKey(
        "plans.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="channels"
    )
    kind = models.CharField(_("kind"), max_length=20)
    name = models.CharField(_("name"), max_length=100, blank=True)
    # The channel's own settings (webhook, signing secret), checked by channels.get(kind).
    config = models.JSONField(_("settings"), default=dict)
    is_active = models.BooleanField(_("active"), default=True)
    broken_at = models.DateTimeField(_("broken since"), null=True, blank=True)
    broken_reason = models.TextField(_("why it is broken"), blank=True)
    last_tested_at = models.DateTimeField(_("last test message"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("unit chat robot")
        verbose_name_plural = _("unit chat robots")
        ordering = ["unit", "kind", "pk"]
        indexes = [
            # The sweep: the working robots of the units being reminded.
            models.Index(fields=["unit", "is_active"], name="unitchannel_unit_active_idx"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.label}"

    @property
    def label(self):
        from tasks import channels

        try:
            kind = channels.get(self.kind).label
        except KeyError:
            kind = self.kind
        return f"{kind} ({self.name})" if self.name else str(kind)

    @property
    def is_broken(self):
        return self.broken_at is not None

    @property
    def works(self):
        return self.is_active and not self.is_broken

    @property
    def webhook_display(self):
        """The webhook without its key or token, which is a secret."""
        from tasks.channels.webhook import redact

        return redact(str(self.config.get("webhook", "")))


class Reminder(models.Model):
    """A reminder that fell due: one per task, recipient, kind and trigger date, whatever the
    number of sweeps. Digests and leader summaries have no task."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Reminder before the deadline")
        OVERDUE = "overdue", _("Overdue reminder")
        ESCALATION = "escalation", _("Escalation to the responsible leader")
        DIGEST = "digest", _("Monday digest of a unit")
        SUMMARY = "summary", _("Weekly summary for a leader")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
        # The unique index below starts with the task: a second index would only slow the sweep.
        db_index=False,
    )
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The federation of the recipient: what a planner's delivery log shows.
    federation = models.ForeignKey(
        "plans.Unit", verbose_name=_("federation"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "plans.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    leader = models.ForeignKey(
        "plans.Leader",
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    # "unit:12" or "leader:3": never null, so that the uniqueness below holds without a task.
    recipient_key = models.CharField(_("recipient"), max_length=40)
    role = models.CharField(_("role"), max_length=20, blank=True)
    due_date = models.DateField(_("trigger date"))
    sweep_date = models.DateField(_("sent on the working day"))
    deadline = models.DateField(_("deadline then"), null=True, blank=True)
    # The sweep that recorded the row. On SQLite the sweep reads its own rows back by it (an
    # INSERT OR IGNORE returns no ids); PostgreSQL returns them, so no index is kept for it.
    batch = models.UUIDField(_("sweep"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sweep_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "recipient_key", "kind", "due_date"],
                condition=Q(task__isnull=False),
                name="reminder_once_per_task_recipient_kind_date",
            ),
            models.UniqueConstraint(
                fields=["recipient_key", "kind", "due_date"],
                condition=Q(task__isnull=True),
                name="reminder_once_per_recipient_kind_date_no_task",
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=False, leader__isnull=True)
                | Q(unit__isnull=True, leader__isnull=False),
                name="reminder_to_a_unit_or_a_leader",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.recipient_name} · {self.due_date}"

    @property
    def recipient_name(self):
        return str(self.unit or self.leader)


class DeliveryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The deliveries ``user`` may see: a planner's federation, everything for an
        administrator, nothing for anyone else."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self
        if user.is_planner and user.federation_id:
            return self.filter(reminder__federation_id=user.federation_id)
        return self.none()


class Delivery(models.Model):
    """One reminder through one channel (in-app, email, one robot). A resend is a new delivery
    pointing at the one it repeats, made by a person."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        RETRY = "retry", _("Waiting to retry")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("No longer needed")

    reminder = models.ForeignKey(
        Reminder, verbose_name=_("reminder"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=20)
    unit_channel = models.ForeignKey(
        UnitChannel,
        verbose_name=_("chat robot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    # "inapp", "email" or "wecom:7" (the robot's id): one automatic delivery per key.
    channel_key = models.CharField(_("channel key"), max_length=40)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Failures that count toward channels.retry.MAX_ATTEMPTS (our own rate limiter's waits do
    # not: they are not the service failing).
    failures = models.PositiveIntegerField(_("failures"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # The lease of the worker sending it: a killed worker's claim runs out and the delivery is
    # taken up again; the token lets only the claim's holder record the outcome.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    claim_token = models.UUIDField(_("claim"), null=True, blank=True)
    # When the queue was last asked to send it (the time it should run, for a retry).
    enqueued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients reached"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    resend_of = models.ForeignKey(
        "self",
        verbose_name=_("resend of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resends",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "channel_key"],
                condition=Q(resend_of__isnull=True),
                name="delivery_once_per_reminder_channel",
            ),
        ]
        indexes = [
            # The requeue job: deliveries due and not sent. (The log lists newest first by id.)
            models.Index(fields=["status", "next_attempt_at"], name="delivery_status_next_idx"),
        ]

    def __str__(self):
        return f"{self.reminder} · {self.channel} · {self.get_status_display()}"

    @property
    def channel_label(self):
        if self.unit_channel_id and self.unit_channel:
            return self.unit_channel.label
        from tasks import channels

        try:
            return channels.get(self.channel).label
        except KeyError:
            return self.channel

    @property
    def can_resend(self):
        return self.status in (self.Status.SENT, self.Status.FAILED)


class DeliveryAttempt(models.Model):
    """One try at a delivery: when, by which worker, and how it ended."""

    class Outcome(models.TextChoices):
        SENDING = "sending", _("In progress")
        SENT = "sent", _("Sent")
        TEMPORARY = "temporary", _("Temporary failure")
        PERMANENT = "permanent", _("Permanent failure")
        INTERRUPTED = "interrupted", _("Interrupted: the worker was lost")
        CANCELLED = "cancelled", _("Not sent: no longer needed")

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.SENDING
    )
    code = models.CharField(_("error code"), max_length=50, blank=True)
    error = models.TextField(_("error"), blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "number"], name="delivery_attempt_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.delivery_id} #{self.number} {self.get_outcome_display()}"
