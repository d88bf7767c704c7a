"""What a reminder says: the message of a task reminder, a unit's weekly digest and a leader's
weekly summary, written when it is sent so that it tells the task's state of that moment."""

import datetime

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.models import Plan, Responsibility, Task
from plans.wording.deadlines import deadline_as_written
from tasks.reminders.channels import Message
from tasks.reminders.due import LIST_LIMIT, REMINDABLE, TASK_KINDS, UNIT_ROLES, Kind


def _days(count):
    return ngettext("%(days)d day", "%(days)d days", count) % {"days": count}


def _short(title, limit=40):
    return title if len(title) <= limit else title[: limit - 1] + "…"


def _to(reminder):
    if reminder.unit_id:
        role = Responsibility.Role(reminder.role).label if reminder.role else ""
        name = reminder.unit.name
        return _("To: %(name)s (%(role)s)") % {"name": name, "role": role} if role else name
    return _("To: %(name)s (responsible leader)") % {"name": reminder.leader.name}


def _task_message(reminder, task):
    days_left = (reminder.deadline - reminder.sweep_date).days
    late = -days_left
    title = _short(task.title)
    if reminder.kind == Kind.BEFORE:
        if days_left <= 0:
            heading = _("Reminder: “%(task)s” is due today") % {"task": title}
        else:
            heading = _("Reminder: “%(task)s” is due in %(days)s") % {
                "task": title,
                "days": _days(days_left),
            }
        ask = _("Please complete the task by its deadline and report its progress in the portal.")
        kind = "reminder"
    elif reminder.kind == Kind.OVERDUE:
        heading = _("Overdue: “%(task)s” is %(days)s past its deadline") % {
            "task": title,
            "days": _days(late),
        }
        ask = _(
            "Please report its progress, request completion or request an extension in the portal."
        )
        kind = "overdue"
    else:
        heading = _("Escalation: “%(task)s” is %(days)s overdue") % {
            "task": title,
            "days": _days(late),
        }
        ask = _("As its responsible leader, please follow it up with the lead unit.")
        kind = "escalation"
    return Message.about_task(task, title=heading, lines=(_to(reminder), ask), kind=kind)


def _task_line(task, today):
    parts = [f"· {_short(task.title, 60)}"]
    if task.deadline is None:
        parts.append(_("no fixed deadline"))
    else:
        left = (task.deadline - today).days
        if left < 0:
            state = _("overdue by %(days)s") % {"days": _days(-left)}
        elif left == 0:
            state = _("due today")
        else:
            state = _("due in %(days)s") % {"days": _days(left)}
        written = deadline_as_written(task.deadline_text, task.deadline, task.plan_year)
        parts.append(_("%(deadline)s (%(state)s)") % {"deadline": written, "state": state})
    return " — ".join(parts)


def _task_lines(tasks, today):
    lines = [_task_line(task, today) for task in tasks[:LIST_LIMIT]]
    if len(tasks) > LIST_LIMIT:
        lines.append(_("… and %(count)d more") % {"count": len(tasks) - LIST_LIMIT})
    return lines


def _weekly_tasks(reminder):
    """The open tasks of the digest's unit or the summary's leader, in plans whose policy
    includes them, most urgent first."""
    tasks = Task.objects.filter(plan__status=Plan.Status.PUBLISHED, status__in=REMINDABLE)
    tasks = tasks.exclude(plan__reminder_policy__enabled=False)
    if reminder.kind == Kind.DIGEST:
        tasks = tasks.exclude(plan__reminder_policy__unit_digest=False).filter(
            responsibilities__unit_id=reminder.unit_id,
            responsibilities__role__in=UNIT_ROLES,
        )
    else:
        tasks = tasks.exclude(plan__reminder_policy__leader_summary=False).filter(
            responsibilities__leader_id=reminder.leader_id
        )
    ordered = sorted(
        tasks.order_by()
        .distinct()
        .only("pk", "title", "deadline", "deadline_text")
        .annotate(plan_year=F("plan__year")),
        key=lambda t: (t.deadline is None, t.deadline or datetime.date.max, t.pk),
    )
    return ordered


def _weekly_message(reminder):
    """The digest or summary, or None when nothing is open any more."""
    today = reminder.sweep_date
    tasks = _weekly_tasks(reminder)
    if not tasks:
        return None
    overdue = [t for t in tasks if t.deadline and t.deadline < today]
    if reminder.kind == Kind.DIGEST:
        title = ngettext(
            "This week: %(count)d open task for %(unit)s",
            "This week: %(count)d open tasks for %(unit)s",
            len(tasks),
        ) % {"count": len(tasks), "unit": reminder.unit.name}
        lines = [_to(reminder)]
        if overdue:
            lines.append(_("%(count)d of them are overdue.") % {"count": len(overdue)})
        lines += _task_lines(tasks, today)
        return Message(
            title=title,
            lines=tuple(lines),
            url=reverse("tasks:my_tasks"),
            link_text=_("Open my tasks"),
            kind="digest",
        )
    soon = [t for t in tasks if t.deadline and 0 <= (t.deadline - today).days <= 7]
    title = _(
        "Weekly summary: %(overdue)d overdue and %(soon)d due within 7 days of the %(count)d "
        "open tasks you are responsible for"
    ) % {"overdue": len(overdue), "soon": len(soon), "count": len(tasks)}
    lines = [_to(reminder), *_task_lines(overdue + soon, today)]
    return Message(
        title=title,
        lines=tuple(lines),
        url=reverse("tasks:dashboard"),
        link_text=_("Open the dashboard"),
        kind="summary",
    )


def _round_message(reminder):
    """The reminder of a reporting round the unit has not answered in full."""
    rnd = reminder.round
    missing = rnd.items.filter(unit_id=reminder.unit_id, report__isnull=True).count()
    left = (rnd.due_date - reminder.sweep_date).days
    values = {"round": _short(rnd.name), "count": missing, "date": rnd.due_date.isoformat()}
    if left >= 0:
        title = ngettext(
            "Reporting round “%(round)s”: %(count)d task still to answer by %(date)s",
            "Reporting round “%(round)s”: %(count)d tasks still to answer by %(date)s",
            missing,
        )
    else:
        title = ngettext(
            "Reporting round “%(round)s” was due on %(date)s: %(count)d task not answered",
            "Reporting round “%(round)s” was due on %(date)s: %(count)d tasks not answered",
            missing,
        )
    return Message(
        title=title % values,
        lines=(_to(reminder), _("Please answer each task of the round in the portal.")),
        url=reverse("tasks:round_unit", args=[rnd.pk, reminder.unit_id]),
        link_text=_("Answer the round"),
        kind="reminder",
    )


def _bulletin_message(reminder):
    """A published bulletin: its title, who issued it and a link to read it in the portal."""
    writing = reminder.writing
    lines = [_("To: %(name)s") % {"name": reminder.unit.name}]
    if writing.issuer:
        lines.append(_("Issued by %(issuer)s.") % {"issuer": writing.issuer})
    lines.append(_("Please read it in the portal and pass it on in your unit."))
    return Message(
        title=_("Bulletin: %(title)s") % {"title": writing.title},
        lines=tuple(lines),
        url=reverse("tasks:writing_detail", args=[writing.pk]),
        link_text=_("Read the bulletin"),
        kind="bulletin",
        plan_id=writing.plan_id,
    )


def message_for(reminder):
    """The ``channels.Message`` a reminder sends, written when it is sent; None for a digest or
    summary with nothing open any more."""
    if reminder.kind in TASK_KINDS:
        task = (
            Task.objects.select_related("plan")
            .prefetch_related("responsibilities__unit")
            .get(pk=reminder.task_id)
        )
        return _task_message(reminder, task)
    if reminder.kind == Kind.ROUND:
        return _round_message(reminder)
    if reminder.kind == Kind.BULLETIN:
        return _bulletin_message(reminder)
    return _weekly_message(reminder)
