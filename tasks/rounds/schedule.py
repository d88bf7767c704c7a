"""Rounds opened on a schedule: setting a plan's schedule (audited) and the daily job that opens
the rounds that have fallen due, each exactly once.

The job claims a ``RoundScheduleRun`` (unique per schedule and period) in the same transaction
as it opens the round: a second worker, or the job run twice, finds the period claimed and does
nothing; a job that fails half-way leaves nothing claimed and the next run tries again.
"""

import datetime
import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from plans import audit
from plans.models import Plan
from tasks.models import RoundSchedule, RoundScheduleRun
from tasks.rounds import periods, service

logger = logging.getLogger(__name__)

# Audit action written here (made readable in tasks.rounds.history).
SCHEDULE_SET = "round.schedule_set"
# The fields of a schedule the planner sets, as recorded in the audit trail.
FIELDS = (
    "active",
    "frequency",
    "open_day",
    "due_rule",
    "due_days",
    "name_pattern",
    "include_supporting",
)


def describe(schedule):
    """The schedule in one sentence, for the pages ("Every quarter, on day 20 of the period's
    last month; answers due by day 5 of the next month.")."""
    if schedule is None or not schedule.active:
        return gettext("No rounds are opened on a schedule.")
    when = gettext("%(frequency)s, on day %(day)s of the period's last month") % {
        "frequency": schedule.get_frequency_display(),
        "day": schedule.open_day,
    }
    if schedule.due_rule == RoundSchedule.DueRule.DAYS_AFTER:
        due = gettext("answers due %(days)s days after opening") % {"days": schedule.due_days}
    elif schedule.due_rule == RoundSchedule.DueRule.NEXT_MONTH:
        due = gettext("answers due by day %(day)s of the next month") % {"day": schedule.due_days}
    else:
        due = gettext("answers due by the end of the period")
    return gettext("%(when)s; %(due)s.") % {"when": when, "due": due}


def next_round(schedule, day=None):
    """The ``periods.Period`` whose round the schedule opens next: the one due now if it has
    not been opened yet, else the following one. None without an active schedule."""
    if schedule is None or not schedule.active:
        return None
    day = day or timezone.localdate()
    period = periods.latest(schedule, day)
    claimed = (
        schedule.pk
        and schedule.runs.filter(period_start=period.start, period_end=period.end).exists()
    )
    if claimed or period.opens_on < schedule.starts_on:
        period = periods.following(schedule, period)
    return period


@transaction.atomic
def save(user, plan, schedule):
    """Save the plan's ``schedule`` (unsaved changes of a ``RoundSchedule``) and record what
    changed. Switching it on makes it start today: periods that opened before are left alone."""
    old = RoundSchedule.objects.filter(plan=plan).values(*FIELDS).first() or {}
    if schedule.active and not old.get("active"):
        schedule.starts_on = timezone.localdate()
    schedule.plan = plan
    schedule.updated_by = user if user is not None and user.is_authenticated else None
    schedule.save()
    before, after = audit.changes(schedule, FIELDS, old)
    if after:
        audit.record(
            user, SCHEDULE_SET, plan=plan, summary=describe(schedule), before=before, after=after
        )
    return schedule


def open_due_rounds(day):
    """Open the round of every active schedule whose period has fallen due by ``day``, on the
    published plans; each period once. Returns the rounds opened."""
    opened = []
    schedules = RoundSchedule.objects.filter(
        active=True, plan__status=Plan.Status.PUBLISHED
    ).select_related("plan")
    for schedule in schedules:
        period = periods.due_period(schedule, day)
        if period is None:
            continue
        rnd = _open(schedule, period)
        if rnd is not None:
            opened.append(rnd)
    return opened


@transaction.atomic
def _open(schedule, period):
    run, claimed = RoundScheduleRun.objects.get_or_create(
        schedule=schedule, period_start=period.start, period_end=period.end
    )
    if not claimed:
        return None  # opened (or tried) already, by this job or another worker
    try:
        # A savepoint: a refused round leaves the claim, with the reason, in place.
        with transaction.atomic():
            rnd = service.open_round(
                None,
                schedule.plan,
                name=period.name,
                due_date=period.due_on,
                period_start=period.start,
                period_end=period.end,
                include_supporting=schedule.include_supporting,
            )
    except service.RoundError as error:
        run.note = str(error)[:500]
        run.save(update_fields=["note"])
        logger.info("No scheduled round for plan %s, %s: %s", schedule.plan_id, period, error)
        return None
    run.round = rnd
    run.save(update_fields=["round"])
    return rnd


@shared_task(name="tasks.rounds.open_scheduled_rounds", ignore_result=True)
def open_scheduled_rounds(day=None):
    """The daily job (``CELERY_BEAT_SCHEDULE``): open the scheduled rounds due today. May run
    twice, late or on two workers at once without harm."""
    day = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return len(open_due_rounds(day))
