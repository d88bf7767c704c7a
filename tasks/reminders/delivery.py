"""Sending a delivery exactly once in effect: claim it in the database, send, record the outcome.

The queue (Celery) only carries hints — "delivery 42 may be due" — and may carry them twice or
lose them; the database decides. A worker sends a delivery only after claiming it with one
conditional UPDATE (pending or waiting to retry and due, or sending with a lease that ran out),
which gives it a lease (``claimed_until``) and a token. Only the token's holder can record the
outcome. In-app notifications are created in the same transaction that marks the delivery sent,
so they exist exactly once; email and robots are marked sent straight after the service accepted
the message. A killed worker's lease runs out and the requeue job (every few minutes, from beat)
queues it again, as it does any delivery whose message Redis lost. See docs/reminders.md.
"""

import dataclasses
import datetime
import logging
import os
import socket
import uuid

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tasks import access
from tasks.models import Delivery, DeliveryAttempt, UnitChannel
from tasks.notifications.inbox import notify_users
from tasks.reminders import channels, wording
from tasks.reminders.channels import PermanentFailure, TemporaryFailure, email, inapp
from tasks.reminders.channels.retry import MAX_ATTEMPTS, retry_delay
from tasks.reminders.due import why_not_needed

logger = logging.getLogger("tasks.reminders.delivery")

Status = Delivery.Status
Outcome = DeliveryAttempt.Outcome
ROBOTS = channels.ROBOT_KINDS
WORKER = f"{socket.gethostname()}:{os.getpid()}"


def lease_seconds():
    """How long a claim holds: longer than the slowest send (SMTP and HTTP timeouts)."""
    return getattr(settings, "REMINDER_LEASE_SECONDS", 300)


def requeue_after_seconds():
    """How long a queued delivery may wait before the requeue job queues it again."""
    return getattr(settings, "REMINDER_REQUEUE_AFTER_SECONDS", 600)


# --- Queueing ----------------------------------------------------------------------------------


def enqueue(delivery_ids, *, countdown=None):
    """Ask the workers to send these deliveries; inside a transaction, once it commits. A broker
    that cannot be reached is logged, not raised: the deliveries stay due in the database and
    the requeue job queues them later."""
    for queued, pk in enumerate(delivery_ids):
        try:
            deliver_reminder.apply_async((pk,), countdown=countdown)
        except Exception as exc:  # kombu raises many kinds of connection errors
            logger.warning(
                "Could not queue %d deliveries (%s); the requeue job will queue them.",
                len(delivery_ids) - queued,
                exc,
            )
            return queued
    return len(delivery_ids)


def _due_q(now):
    return Q(status__in=[Status.PENDING, Status.RETRY], next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_until__lt=now
    )


def anything_due(now=None):
    """Whether some delivery is due: waiting to be sent, or held by a worker whose lease ran out."""
    return Delivery.objects.filter(_due_q(now or timezone.now())).exists()


def requeue_due(*, now=None, older_than=None, limit=2000):
    """Queue again the deliveries that are due but were queued more than ``older_than`` seconds
    ago (their message was lost, or their worker died): the beat job every few minutes.
    A delivery queued twice is sent once: the second message finds it claimed or sent."""
    now = now or timezone.now()
    if older_than is None:
        older_than = requeue_after_seconds()
    stale = now - datetime.timedelta(seconds=older_than)
    due = Delivery.objects.filter(_due_q(now)).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=stale)
    )
    ids = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    if ids:
        Delivery.objects.filter(pk__in=ids).update(enqueued_at=now)
        logger.info("Requeued %d deliveries that were due.", len(ids))
        enqueue(ids)
    return len(ids)


# --- Claiming ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Claim:
    delivery_id: int
    token: uuid.UUID
    attempt_id: int


def claim(delivery_id, *, now=None):
    """Take the delivery for this worker, or return None when it is not due, already sent, or
    held by another worker whose lease has not run out."""
    now = now or timezone.now()
    token = uuid.uuid4()
    with transaction.atomic():
        taken = Delivery.objects.filter(_due_q(now), pk=delivery_id).update(
            status=Status.SENDING,
            claim_token=token,
            claimed_until=now + datetime.timedelta(seconds=lease_seconds()),
            attempts=F("attempts") + 1,
        )
        if not taken:
            return None
        number = Delivery.objects.filter(pk=delivery_id).values_list("attempts", flat=True).get()
        # An attempt still in progress belonged to a worker that was lost: its lease ran out.
        DeliveryAttempt.objects.filter(delivery_id=delivery_id, outcome=Outcome.SENDING).update(
            outcome=Outcome.INTERRUPTED, finished_at=now
        )
        attempt = DeliveryAttempt.objects.create(
            delivery_id=delivery_id, number=number, started_at=now, worker=WORKER
        )
    return Claim(delivery_id=delivery_id, token=token, attempt_id=attempt.pk)


def _held(claimed):
    """The delivery, only while ``claimed`` still holds it."""
    return Delivery.objects.filter(
        pk=claimed.delivery_id, claim_token=claimed.token, status=Status.SENDING
    )


def _log_attempt(claimed, outcome, *, error="", code=""):
    DeliveryAttempt.objects.filter(pk=claimed.attempt_id).update(
        outcome=outcome, finished_at=timezone.now(), error=error, code=str(code or "")[:50]
    )


# --- Sending -----------------------------------------------------------------------------------


def deliver(delivery_id, *, now=None):
    """Claim and send one delivery; return what happened ("sent", "retry", "failed",
    "cancelled", "skipped" when it was not ours to send, or "lost" when our lease ran out).
    ``now`` is for tests: the time the claim is taken at."""
    claimed = claim(delivery_id, now=now)
    if claimed is None:
        return "skipped"
    item = Delivery.objects.select_related(
        "reminder__unit",
        "reminder__leader__user",
        "reminder__task__plan",
        "unit_channel",
    ).get(pk=delivery_id)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            return _send(claimed, item)
        except TemporaryFailure as failure:
            return _temporary(claimed, item, failure)
        except PermanentFailure as failure:
            return _permanent(claimed, item, failure)
        except Exception as exc:
            # A bug or a database hiccup: logged with its traceback and retried like a
            # temporary failure, so that it neither stays claimed nor is lost.
            logger.exception("Delivery %s failed unexpectedly", delivery_id)
            failure = TemporaryFailure(
                _("Unexpected error: %(error)s") % {"error": exc}, code="error"
            )
            return _temporary(claimed, item, failure)


def _send(claimed, item):
    reminder = item.reminder
    reason = why_not_needed(reminder)
    if reason:
        return _cancel(claimed, reason)
    robot = item.unit_channel
    if item.channel in ROBOTS and (robot is None or not robot.works):
        # The planner was told when it broke; a repaired robot gets the next reminders.
        raise PermanentFailure(_("The robot is switched off or broken."), code="channel")
    message = wording.message_for(reminder)
    if message is None:
        return _cancel(claimed, _("Nothing is open any more."))
    config = _config(item)
    if item.channel == "inapp":
        return _send_in_app(claimed, config, message)
    result = channels.get(item.channel).send(config, message)
    return _sent(claimed, result)


def _config(item):
    reminder = item.reminder
    if item.channel in ROBOTS:
        return item.unit_channel.config
    if reminder.unit_id:
        module = inapp if item.channel == "inapp" else email
        return module.config_for_unit(reminder.unit)
    user = reminder.leader.user
    if user is None:
        raise PermanentFailure(
            _("%(leader)s has no user account any more.") % {"leader": reminder.leader},
            code="config",
        )
    return {"users": [user.pk]} if item.channel == "inapp" else {"addresses": [user.email]}


def _send_in_app(claimed, config, message):
    """Notifications and the mark "sent" in one transaction: both or neither."""
    with transaction.atomic():
        if not _held(claimed).update(
            status=Status.SENT, finished_at=timezone.now(), claimed_until=None, last_error=""
        ):
            return _lost(claimed)
        result = channels.get("inapp").send(config, message)
        Delivery.objects.filter(pk=claimed.delivery_id).update(recipients=result.recipients)
        _log_attempt(claimed, Outcome.SENT)
    return "sent"


def _sent(claimed, result):
    with transaction.atomic():
        if not _held(claimed).update(
            status=Status.SENT,
            finished_at=timezone.now(),
            claimed_until=None,
            recipients=result.recipients,
            last_error="",
        ):
            return _lost(claimed, sent=True)
        _log_attempt(claimed, Outcome.SENT)
    return "sent"


def _lost(claimed, sent=False):
    logger.warning(
        "Delivery %s: the claim ran out before its outcome was recorded%s.",
        claimed.delivery_id,
        " (it was sent; another worker may send it again)" if sent else "",
    )
    return "lost"


def _cancel(claimed, reason):
    with transaction.atomic():
        if not _held(claimed).update(
            status=Status.CANCELLED,
            finished_at=timezone.now(),
            claimed_until=None,
            last_error=reason,
        ):
            return _lost(claimed)
        _log_attempt(claimed, Outcome.CANCELLED, error=reason)
    return "cancelled"


def _temporary(claimed, item, failure):
    """Try again later with backoff; after MAX_ATTEMPTS failures it is permanent. Waiting for
    our own rate limiter is not a failure of the service and does not count."""
    counts = failure.code != "ratelimited"
    failures = item.failures + (1 if counts else 0)
    if failures > MAX_ATTEMPTS:
        exhausted = PermanentFailure(
            _("Still failing after %(count)d attempts: %(error)s")
            % {"count": item.attempts, "error": failure},
            code=failure.code,
            detail=failure.detail,
        )
        return _permanent(claimed, item, exhausted)
    delay = retry_delay(failure, max(failures, 1))
    now = timezone.now()
    next_at = now + datetime.timedelta(seconds=delay)
    with transaction.atomic():
        if not _held(claimed).update(
            status=Status.RETRY,
            failures=failures,
            next_attempt_at=next_at,
            enqueued_at=next_at,
            claimed_until=None,
            claim_token=None,
            last_error=str(failure),
        ):
            return _lost(claimed)
        _log_attempt(claimed, Outcome.TEMPORARY, error=_error_text(failure), code=failure.code)
        enqueue([item.pk], countdown=delay)  # sent when the transaction commits
    logger.info("Delivery %s will be retried in %.0f s: %s", item.pk, delay, failure)
    return "retry"


def _permanent(claimed, item, failure):
    """Failed for good: mark a robot broken and tell the planners (once per breakage)."""
    now = timezone.now()
    text = str(failure)
    with transaction.atomic():
        if not _held(claimed).update(
            status=Status.FAILED, finished_at=now, claimed_until=None, last_error=text
        ):
            return _lost(claimed)
        _log_attempt(claimed, Outcome.PERMANENT, error=_error_text(failure), code=failure.code)
        if failure.code == "channel":
            return "failed"
        if item.unit_channel_id:
            first = UnitChannel.objects.filter(
                pk=item.unit_channel_id, broken_at__isnull=True
            ).update(broken_at=now, broken_reason=text)
        else:
            # Email and in-app have no switch to turn off: tell the planners once a day.
            first = not (
                Delivery.objects.filter(
                    status=Status.FAILED,
                    channel_key=item.channel_key,
                    reminder__recipient_key=item.reminder.recipient_key,
                    finished_at__gte=now - datetime.timedelta(days=1),
                )
                .exclude(pk=item.pk)
                .exists()
            )
        if first:
            _tell_planners(item, text)
    logger.warning("Delivery %s failed: %s", item.pk, text)
    return "failed"


def _error_text(failure):
    detail = getattr(failure, "detail", "")
    return f"{failure}\n{detail}".strip() if detail and detail not in str(failure) else str(failure)


def _tell_planners(item, reason):
    reminder = item.reminder
    if reminder.unit_id:
        url = reverse("tasks:unit_channels", args=[reminder.unit_id])
    else:
        url = reverse("tasks:delivery_detail", args=[item.pk])
    notify_users(
        access.federation_planners(reminder.federation_id),
        kind="channel_broken",
        title=_("Reminders to %(recipient)s cannot be sent by %(channel)s")
        % {"recipient": reminder.recipient_name, "channel": item.channel_label},
        body=reason,
        url=url,
        plan=reminder.plan,
        task=reminder.task,
    )


# --- Resending ---------------------------------------------------------------------------------


def resend(original, user):
    """Send a delivery again, at a person's request: a new delivery that points at the original,
    so the sweep's record stays as it was and the resend is on record with who asked."""
    now = timezone.now()
    with transaction.atomic():
        again = Delivery.objects.create(
            reminder_id=original.reminder_id,
            channel=original.channel,
            unit_channel_id=original.unit_channel_id,
            channel_key=original.channel_key,
            resend_of=original,
            requested_by=user,
            next_attempt_at=now,
            enqueued_at=now,
            created_at=now,
        )
        enqueue([again.pk])  # sent when the transaction commits
    return again


# --- The Celery tasks (named as before their move here, so queued messages survive) ------------


@shared_task(name="tasks.tasks.deliver_reminder", ignore_result=True)
def deliver_reminder(delivery_id):
    """Send one delivery, if it is still due and no other worker holds it."""
    return deliver(delivery_id)


@shared_task(name="tasks.tasks.requeue_deliveries", ignore_result=True)
def requeue_deliveries():
    """Queue again what is due but was lost (beat, every few minutes)."""
    return requeue_due()
