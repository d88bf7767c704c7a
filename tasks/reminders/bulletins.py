"""A published bulletin (情况通报) sent to units through the reminder channels (kind
``bulletin``): in-app, email and the units' chat robots, each delivery claimed and sent exactly
once by ``tasks.reminders.delivery`` like any reminder; what it says is in
``tasks.reminders.wording``.

One reminder per bulletin and unit (a unique key without a date): publishing twice, or two
planners publishing at once, reaches each unit once. Reads the bulletin from ``tasks.models``
only: the documents (``tasks.writings``) sit above the reminders and call this module.
"""

from django.utils import timezone

from tasks.models import Reminder
from tasks.reminders import sweep
from tasks.reminders.due import Due, attach_channels

Kind = Reminder.Kind


def announce(writing, unit_ids, *, day=None, enqueue=True):
    """Record the bulletin ``writing`` as a reminder to each of ``unit_ids`` that a channel can
    reach, one delivery per channel, and queue the deliveries once the transaction commits.
    Returns the ``sweep.Recorded`` reminders new this time (none the second time)."""
    day = day or timezone.localdate()
    due = [
        Due(
            kind=Kind.BULLETIN,
            due_date=day,
            writing_id=writing.pk,
            plan_id=writing.plan_id,
            task_title=writing.title,
            unit_id=unit_id,
            recipient_key=f"unit:{unit_id}",
            federation_id=0,
        )
        for unit_id in sorted(set(unit_ids))
    ]
    return sweep.record(day, attach_channels(due), enqueue=enqueue, what="Bulletin")
