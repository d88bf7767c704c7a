"""Reporting rounds (定期报送): a planner asks the units of a published plan to report on its
tasks by a date; each unit's answer on a task is a progress report linked to the round."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# See docs/rounds.md. The services are in tasks.rounds; the chasing of the units that have not
# answered is planned by tasks.reminders.due like the other reminders.


class RoundQuerySet(models.QuerySet):
    def open_for(self, unit):
        """The open rounds of published plans that ask ``unit`` for answers, with ``asked``
        and ``missing`` (answers still to give), soonest due first: one query."""
        if unit is None:
            return self.none()
        mine = Q(items__unit=unit)
        return (
            self.filter(mine, closed_at__isnull=True, plan__status="published")
            .annotate(
                asked=Count("items", filter=mine),
                missing=Count("items", filter=mine & Q(items__report__isnull=True)),
            )
            .order_by("due_date", "pk")
        )


class Round(models.Model):
    """One round of reporting on a plan: its name, period, due date and whether it is open."""

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("plan"), on_delete=models.CASCADE, related_name="rounds"
    )
    name = models.CharField(_("name"), max_length=200)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    due_date = models.DateField(_("answers due by"))
    include_supporting = models.BooleanField(_("supporting units answer too"), default=False)
    # Closed rounds take no answers; re-opening keeps the answers already given.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-due_date", "-pk"]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.closed_at is None


class RoundItem(models.Model):
    """One answer a round expects: a unit on a task. ``report`` is the answer once given (the
    latest, if the unit answered twice)."""

    round = models.ForeignKey(
        Round, verbose_name=_("reporting round"), on_delete=models.CASCADE, related_name="items"
    )
    task = models.ForeignKey(
        "plans.Task", verbose_name=_("task"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "plans.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    report = models.ForeignKey(
        "tasks.ProgressReport",
        verbose_name=_("answer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="round_items",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("expected answer")
        verbose_name_plural = _("expected answers")
        ordering = ["round", "unit", "task"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit", "task"], name="round_item_once_per_unit_task"
            ),
        ]

    def __str__(self):
        return f"{self.round} · {self.unit} · {self.task}"


class RoundSchedule(models.Model):
    """A plan's rounds opened on their own: every month, quarter, half-year or at year end, on
    a day of the period's last month (see tasks.rounds.periods for the calendar)."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Every month")
        QUARTERLY = "quarterly", _("Every quarter")
        HALF_YEARLY = "half_yearly", _("Every half-year")
        YEAR_END = "year_end", _("At year end")

    class DueRule(models.TextChoices):
        DAYS_AFTER = "days_after", _("A number of days after the round opens")
        NEXT_MONTH = "next_month", _("By a day of the month after the period")
        PERIOD_END = "period_end", _("By the last day of the period")

    plan = models.OneToOneField(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="round_schedule",
    )
    active = models.BooleanField(_("rounds are opened on schedule"), default=True)
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    # Within 1–28 so that every month has the day.
    open_day = models.PositiveSmallIntegerField(_("opening day"), default=20)
    due_rule = models.CharField(
        _("answers due"), max_length=20, choices=DueRule.choices, default=DueRule.NEXT_MONTH
    )
    # The number of days after opening (DAYS_AFTER) or the day of the next month (NEXT_MONTH).
    due_days = models.PositiveSmallIntegerField(_("days or day of the month"), default=5)
    name_pattern = models.CharField(
        _("name of each round"), max_length=200, default="{year}年{period}进展报送"
    )
    include_supporting = models.BooleanField(_("supporting units answer too"), default=False)
    # Periods whose opening day came before this are never opened: switching a schedule on in
    # November does not open the rounds of the past quarters. Set when it is switched on.
    starts_on = models.DateField(_("in force from"), default=timezone.localdate)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("round schedule")
        verbose_name_plural = _("round schedules")

    def __str__(self):
        return str(self.plan)


class RoundScheduleRun(models.Model):
    """A period of a schedule, claimed once before its round is opened: the unique key makes
    the scheduled opening happen exactly once, however many workers try. ``round`` is the round
    opened; without it, ``note`` says why none was (nobody to ask, for example)."""

    schedule = models.ForeignKey(
        RoundSchedule,
        verbose_name=_("round schedule"),
        on_delete=models.CASCADE,
        related_name="runs",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    round = models.ForeignKey(
        Round,
        verbose_name=_("reporting round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("run at"), default=timezone.now)

    class Meta:
        verbose_name = _("scheduled opening")
        verbose_name_plural = _("scheduled openings")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "period_start", "period_end"],
                name="round_schedule_run_once_per_period",
            ),
        ]

    def __str__(self):
        return f"{self.schedule} · {self.period_start}–{self.period_end}"
