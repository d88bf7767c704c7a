"""The "send a test message" button of a unit's chat robot, sent by a worker.

The web process never calls a robot: a webhook that is slow (or made to be slow) would hold a
web worker for the whole timeout, and whatever the address answered would come back to the
page. The button queues ``send_test_message``; the worker sends through the same channel and
the same one way out as a reminder (unionplans.lib.outbound), then records the outcome on the
robot — ``last_tested_at`` and ``last_test_error``, in our own words with the service's error
code, never the service's text — which the unit's page shows. A delivered test repairs a
broken robot; a failed one leaves its state alone (it may be a first try while setting it up).
"""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tasks.models import UnitChannel
from tasks.reminders import channels

logger = logging.getLogger("tasks.reminders.robot_test")


def queue(robot) -> bool:
    """Ask a worker to send a test message to ``robot``; False when the queue cannot be
    reached (the person is told to try again: nothing else would send it)."""
    try:
        send_test_message.apply_async((robot.pk,))
    except Exception as exc:  # kombu raises many kinds of connection errors
        logger.warning("Could not queue a test message to robot %s: %s", robot.pk, exc)
        return False
    return True


def run(robot_id, *, now=None) -> str:
    """Send the test message and record its outcome: "sent", "failed", or "gone" when the
    robot was removed meanwhile."""
    robot = UnitChannel.objects.select_related("unit").filter(pk=robot_id).first()
    if robot is None:
        return "gone"
    # Stored words are in the portal's language, as the reminders' errors are.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            channels.send_test(robot.kind, robot.config, unit_name=robot.unit.name)
        except channels.DeliveryError as failure:
            error = str(failure)  # our sentence and the service's code (channels.webhook)
        except Exception:
            logger.exception("Test message to robot %s failed unexpectedly", robot_id)
            error = _("The test message could not be sent because of an unexpected error.")
        else:
            error = ""
    fields = {"last_tested_at": now or timezone.now(), "last_test_error": error}
    if not error:
        fields.update(broken_at=None, broken_reason="")
    UnitChannel.objects.filter(pk=robot_id).update(**fields)
    return "failed" if error else "sent"


@shared_task(name="tasks.reminders.send_robot_test", ignore_result=True)
def send_test_message(robot_id):
    """Send a test message to one robot and record the outcome on it."""
    return run(robot_id)
