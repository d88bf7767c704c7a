"""In-app notices for the units of a published plan when a planner publishes or changes it.

The document layer sends ``plans.signals``; this module decides who hears and what the notice
says. Each receiver runs inside the transaction of the change, so a notice exists only if the
change does.
"""

from collections import Counter, defaultdict

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans import signals
from plans.models import User
from tasks.notifications.inbox import notify_units, notify_users


def _tell(units, **message):
    units = [unit for unit in dict.fromkeys(units) if unit is not None]
    return notify_units(units, **message) if units else 0


def _name(task):
    return f"{task.label}{task.title}"


@receiver(signals.plan_published)
def plan_published(sender, plan, tasks, **kwargs):
    """Each unit hears once, with a link to its task when it has one, else to its work list."""
    counts, first_task = Counter(), {}
    for task in tasks:
        for responsibility in task.responsibilities.all():
            if responsibility.unit_id:
                counts[responsibility.unit_id] += 1
                first_task.setdefault(responsibility.unit_id, task)
    users = defaultdict(list)  # one query for the users of every unit
    for recipient in User.objects.filter(unit_id__in=list(counts), is_active=True):
        users[recipient.unit_id].append(recipient)
    sent = 0
    for unit_id, count in counts.items():
        task = first_task[unit_id] if count == 1 else None
        sent += notify_users(
            users[unit_id],
            kind="plan_published",
            title=_("Plan published: %(plan)s") % {"plan": plan.title},
            body=ngettext(
                "Your unit is responsible for %(count)d task of this plan.",
                "Your unit is responsible for %(count)d tasks of this plan.",
                count,
            )
            % {"count": count},
            url=task.get_absolute_url() if task else reverse("tasks:my_tasks"),
            plan=plan,
            task=task,
        )
    return sent


@receiver(signals.section_changed)
def section_changed(sender, section, units, changes, **kwargs):
    return _tell(
        units,
        kind="plan_changed",
        title=_("Section changed: %(section)s") % {"section": section},
        body="\n".join(changes),
        url=section.plan.get_absolute_url() + f"#section-{section.pk}",
        plan=section.plan,
    )


@receiver(signals.section_removed)
def section_removed(sender, plan, name, units, **kwargs):
    return _tell(
        units,
        kind="task_removed",
        title=_("Section removed from the plan: %(section)s") % {"section": name},
        body=_("Its tasks are no longer part of %(plan)s.") % {"plan": plan},
        url=reverse("tasks:my_tasks"),
        plan=plan,
    )


@receiver(signals.task_added)
def task_added(sender, task, units, **kwargs):
    return _tell(
        units,
        kind="task_assigned",
        title=_("New task for your unit: %(task)s") % {"task": _name(task)},
        body=_("Added to %(plan)s.") % {"plan": task.plan},
        url=task.get_absolute_url(),
        plan=task.plan,
        task=task,
    )


@receiver(signals.task_changed)
def task_changed(sender, task, units, removed_units, fields, changes, **kwargs):
    told = _tell(
        units,
        kind="task_changed",
        title=_("Task changed: %(task)s (%(fields)s)") % {"task": _name(task), "fields": fields},
        body="\n".join(changes),
        url=task.get_absolute_url(),
        plan=task.plan,
        task=task,
    )
    return told + _tell(
        removed_units,
        kind="task_changed",
        title=_("Your unit is no longer responsible for %(task)s") % {"task": _name(task)},
        body="\n".join(changes),
        url=reverse("tasks:my_tasks"),
        plan=task.plan,
    )


@receiver(signals.task_removed)
def task_removed(sender, plan, name, units, **kwargs):
    return _tell(
        units,
        kind="task_removed",
        title=_("Task removed from the plan: %(task)s") % {"task": name},
        body=_("It is no longer part of %(plan)s.") % {"plan": plan},
        url=reverse("tasks:my_tasks"),
        plan=plan,
    )
