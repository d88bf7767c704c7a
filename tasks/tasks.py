"""Celery tasks: thin wrappers around the sweep (``tasks.reminders``) and the delivery of one
reminder (``tasks.delivery``). Every one of them may run twice or late without harm: what they
do is decided by unique rows and claims in the database, not by the queue."""

import datetime
import logging

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.utils import timezone

from tasks import delivery, reminders

logger = logging.getLogger("tasks.reminders")


@shared_task(ignore_result=True)
def sweep_reminders(day=None):
    """The daily sweep (beat, 08:30 by default): record what is due today and queue it."""
    day = datetime.date.fromisoformat(day) if day else timezone.localdate()
    recorded = reminders.run(day)
    return len(recorded.delivery_ids)


@shared_task(ignore_result=True)
def deliver_reminder(delivery_id):
    """Send one delivery, if it is still due and no other worker holds it."""
    return delivery.deliver(delivery_id)


@shared_task(ignore_result=True)
def requeue_deliveries():
    """Queue again what is due but was lost (beat, every few minutes)."""
    return delivery.requeue_due()


@worker_ready.connect
def sweep_on_start(sender=None, **kwargs):
    """In the demo, sweep when the worker starts: a newcomer sees today's reminders without
    waiting for tomorrow morning. Harmless anywhere: the sweep records each reminder once."""
    if getattr(settings, "REMINDER_SWEEP_ON_START", False):
        logger.info("Sweeping today's reminders as the worker starts.")
        sweep_reminders.delay()
