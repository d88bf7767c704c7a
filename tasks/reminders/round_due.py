"""Chasing the units that have not answered a reporting round (kind ``round``): before the
round's due date on the plan's ``days_before`` offsets, and after it on the first day and every
``overdue_every_days`` days, like the task reminders. One reminder per round, unit and trigger
date; it says which round and how many of the unit's tasks are still unanswered.

Reads the round tables of ``tasks.models`` only: the rounds subsystem (``tasks.rounds``) sits
above the reminders and is never imported here.
"""

import datetime

from django.db.models import Count

from plans.models import Plan
from tasks.models import Reminder, RoundItem

Kind = Reminder.Kind


def _before_trigger(policy, due_date, win):
    start, end = win.early
    triggers = [due_date - datetime.timedelta(n) for n in policy.offsets()]
    inside = [t for t in triggers if start <= t <= end]
    return max(inside) if inside else None


def _after_trigger(policy, due_date, win):
    every = policy.overdue_every_days
    found = []
    for day in win.late_dates():
        late = (day - due_date).days
        if late < 1:
            continue
        if (late == 1 and policy.overdue_first_day) or (
            every and late > 1 and (late - 1) % every == 0
        ):
            found.append(day)
    return max(found) if found else None


def round_due(groups, win, make_due):
    """The round reminders of the plans of ``groups`` ((policy, plan ids) pairs) due in the
    sweep window ``win``: one query. ``make_due`` builds a ``Due`` from keyword arguments."""
    policies = {pk: policy for policy, ids in groups for pk in ids}
    if not policies:
        return []
    rows = (
        RoundItem.objects.filter(
            round__plan_id__in=list(policies),
            round__plan__status=Plan.Status.PUBLISHED,
            round__closed_at__isnull=True,
            report__isnull=True,
        )
        .order_by()
        .values("round_id", "unit_id", "round__due_date", "round__plan_id", "round__name")
        .annotate(missing=Count("pk"))
    )
    due = []
    for row in rows:
        policy = policies[row["round__plan_id"]]
        deadline = row["round__due_date"]
        trigger = _before_trigger(policy, deadline, win) or _after_trigger(policy, deadline, win)
        if trigger is None:
            continue
        due.append(
            make_due(
                kind=Kind.ROUND,
                due_date=trigger,
                round_id=row["round_id"],
                plan_id=row["round__plan_id"],
                deadline=deadline,
                task_title=row["round__name"],
                unit_id=row["unit_id"],
                recipient_key=f"unit:{row['unit_id']}",
                federation_id=0,
            )
        )
    return due
