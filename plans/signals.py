"""What happens to a published plan, for the layer that carries it out to act on.

``plans`` (the document) does not know how a change reaches people: it sends one of these
signals inside the transaction of the change, after its audit entry is written, and only for a
published plan. ``tasks.notifications.subscribers`` tells the responsible units. Units are
``Unit`` objects; ``changes`` are readable lines ("完成时限：6月底前 → 9月底前").
"""

from django.dispatch import Signal

# plan, tasks (their responsibilities fetched). Receivers return how many people they told.
plan_published = Signal()
# section, units (responsible for its tasks), changes
section_changed = Signal()
# plan, name (the section as it read), units
section_removed = Signal()
# task, units
task_added = Signal()
# task, units (responsible now), removed_units (no longer responsible), fields, changes
task_changed = Signal()
# plan, name (the task as it read), units
task_removed = Signal()


def people_told(responses):
    """The sum of what the receivers of a signal returned as the number of people they told."""
    return sum(result for _receiver, result in responses if isinstance(result, int))
