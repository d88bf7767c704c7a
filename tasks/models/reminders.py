"""Reminders (催办 / 提醒): each plan's policy, the units' chat robots, the reminders recorded by
the daily sweep and their deliveries, each attempt logged.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tasks.models import channel_kinds as kinds
from unionplans.lib.sealed import SealedJSONField
from unionplans.lib.urls import mask

# See docs/reminders.md. The sweep (tasks.reminders) records what is due as Reminder rows, unique
# on (task, recipient, kind, trigger date); each reminder has one Delivery per channel, claimed in
# the database before it is sent (tasks.delivery), with a DeliveryAttempt per try.


def default_days_before():
    """Remind 7 days and 1 day before the deadline."""
    return [7, 1]


class ReminderPolicy(models.Model):
    """When the reminders of one plan go out. A plan without a policy uses the defaults."""

    # The settings that decide what is due: the sweep reads them, planners edit them.
    SETTINGS = (
        "enabled",
        "days_before",
        "overdue_first_day",
        "overdue_every_days",
        "escalate_after_days",
        "unit_digest",
        "leader_summary",
    )

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
    # The channel's own settings (webhook, signing secret), checked by channels.get(kind);
    # encrypted in the database (unionplans.lib.sealed) and never shown whole.
    config = SealedJSONField(_("settings"), default=dict)
    is_active = models.BooleanField(_("active"), default=True)
    broken_at = models.DateTimeField(_("broken since"), null=True, blank=True)
    broken_reason = models.TextField(_("why it is broken"), blank=True)
    last_tested_at = models.DateTimeField(_("last test message"), null=True, blank=True)
    # Why the last test message was not delivered, in our words (never the service's reply);
    # empty when it was. Written by the worker (tasks.reminders.robot_test).
    last_test_error = models.TextField(_("last test message's problem"), blank=True)
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
        kind = kinds.label(self.kind)
        return f"{kind} ({self.name})" if self.name else str(kind)

    @property
    def is_broken(self):
        return self.broken_at is not None

    @property
    def works(self):
        return self.is_active and not self.is_broken

    @property
    def webhook_display(self):
        """The webhook's host and last few characters: its key or token is a secret."""
        return mask(str(self.config.get("webhook", "")))

    @property
    def has_secret(self):
        return bool(self.config.get("secret"))


class Reminder(models.Model):
    """A reminder that fell due: one per task, recipient, kind and trigger date, whatever the
    number of sweeps. Digests and leader summaries have no task."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Reminder before the deadline")
        OVERDUE = "overdue", _("Overdue reminder")
        ESCALATION = "escalation", _("Escalation to the responsible leader")
        DIGEST = "digest", _("Monday digest of a unit")
        SUMMARY = "summary", _("Weekly summary for a leader")
        ROUND = "round", _("Reminder of a reporting round")
        BULLETIN = "bulletin", _("Published bulletin")

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
    # The reporting round a unit has not answered (kind "round" only).
    round = models.ForeignKey(
        "tasks.Round",
        verbose_name=_("reporting round"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
        # The unique index below starts with the round.
        db_index=False,
    )
    # The published bulletin a unit is sent (kind "bulletin" only).
    writing = models.ForeignKey(
        "tasks.Writing",
        verbose_name=_("bulletin"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
        # The unique index below starts with the bulletin.
        db_index=False,
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
                condition=Q(task__isnull=True, round__isnull=True, writing__isnull=True),
                name="reminder_once_per_recipient_kind_date_no_task",
            ),
            models.UniqueConstraint(
                fields=["round", "recipient_key", "kind", "due_date"],
                condition=Q(round__isnull=False),
                name="reminder_once_per_round_recipient_kind_date",
            ),
            # A bulletin reaches each unit once, whatever the day it was published on.
            models.UniqueConstraint(
                fields=["writing", "recipient_key", "kind"],
                condition=Q(writing__isnull=False),
                name="reminder_once_per_bulletin_recipient",
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

    # Who may see which deliveries is a rule of tasks.access (filter_deliveries).

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
        return kinds.label(self.channel)

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
