"""The daily sweep (beat, 08:30 by default): record the reminders that fall due today
(``tasks.reminders.due``), one delivery per channel, and queue the deliveries
(``tasks.reminders.delivery``) once the transaction commits."""

import dataclasses
import datetime
import logging
import uuid

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tasks.models import Delivery, Reminder
from tasks.reminders import delivery
from tasks.reminders.due import due_on
from unionplans.lib.bulk import insert_rows

logger = logging.getLogger(__name__)

# The columns the sweep writes; the others are nullable and stay NULL.
REMINDER_COLUMNS = (
    "kind",
    "task_id",
    "round_id",
    "writing_id",
    "plan_id",
    "federation_id",
    "unit_id",
    "leader_id",
    "recipient_key",
    "role",
    "due_date",
    "sweep_date",
    "deadline",
    "batch",
    "created_at",
)
DELIVERY_COLUMNS = (
    "reminder_id",
    "channel",
    "unit_channel_id",
    "channel_key",
    "status",
    "attempts",
    "failures",
    "last_error",
    "next_attempt_at",
    "enqueued_at",
    "created_at",
)


@dataclasses.dataclass
class Recorded:
    """What a sweep wrote: the reminders new this time and the ids of their deliveries."""

    due: list
    delivery_ids: list


def record(day, due, *, enqueue=True, what="Reminder sweep"):
    """Write the reminders of ``due`` that do not exist yet, one delivery per channel, in one
    transaction; queue the deliveries once it commits (unless ``enqueue`` is false). ``what``
    names the run in the log (the morning sweep, a bulletin published).

    ``INSERT … ON CONFLICT DO NOTHING`` on the unique key makes a second sweep, or two at the
    same time, add nothing; each sweep gets back only the rows it inserted. On PostgreSQL each
    table takes one INSERT whatever the number of rows (SQLite splits them by its limit of 999
    variables).
    """
    batch = uuid.uuid4()
    now = timezone.now()
    pending = Delivery.Status.PENDING
    with transaction.atomic():
        new = insert_rows(
            Reminder,
            REMINDER_COLUMNS,
            [
                (
                    str(item.kind),
                    item.task_id,
                    item.round_id,
                    item.writing_id,
                    item.plan_id,
                    item.federation_id,
                    item.unit_id,
                    item.leader_id,
                    item.recipient_key,
                    item.role,
                    item.due_date,
                    day,
                    item.deadline,
                    str(batch),
                    now,
                )
                for item in due
            ],
            returning=(
                "id",
                "task_id",
                "round_id",
                "writing_id",
                "recipient_key",
                "kind",
                "due_date",
            ),
            ignore_conflicts=True,
            read_back_by="batch",
        )
        by_key = {item.key: item for item in due}
        recorded, rows = [], []
        for pk, *key in new:
            item = by_key[tuple(key)]
            recorded.append(item)
            rows += [
                (
                    pk,
                    channel,
                    robot,
                    f"{channel}:{robot}" if robot else channel,
                    pending,
                    0,
                    0,
                    "",
                    now,
                    now,
                    now,
                )
                for channel, robot in item.channels
            ]
        ids = [pk for (pk,) in insert_rows(Delivery, DELIVERY_COLUMNS, rows, returning=("id",))]
        if enqueue and ids:
            delivery.enqueue(ids)  # sent when the transaction commits
    logger.info(
        "%s of %s: %d reminders due, %d new, %d deliveries queued.",
        what,
        day,
        len(due),
        len(recorded),
        len(ids),
    )
    return Recorded(due=recorded, delivery_ids=ids)


def run(day, *, dry_run=False, enqueue=True):
    """The sweep of ``day``: a list of ``Due`` when ``dry_run`` (nothing saved), else the
    ``Recorded`` reminders."""
    due = due_on(day)
    if dry_run:
        return due
    return record(day, due, enqueue=enqueue)


# Named as before the move to this module, so that queued messages and beat entries survive.
@shared_task(name="tasks.tasks.sweep_reminders", ignore_result=True)
def sweep_reminders(day=None):
    """The daily sweep: record what is due today and queue it. May run twice or late without
    harm: the reminders' unique key decides what is new."""
    day = datetime.date.fromisoformat(day) if day else timezone.localdate()
    recorded = run(day)
    return len(recorded.delivery_ids)


@worker_ready.connect
def sweep_on_start(sender=None, **kwargs):
    """In the demo, sweep when the worker starts: a newcomer sees today's reminders without
    waiting for tomorrow morning. Harmless anywhere: the sweep records each reminder once."""
    if getattr(settings, "REMINDER_SWEEP_ON_START", False):
        logger.info("Sweeping today's reminders as the worker starts.")
        sweep_reminders.delay()
