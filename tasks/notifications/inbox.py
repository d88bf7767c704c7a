"""In-app notifications: one row per person, created in bulk."""

from django.db import transaction
from django.utils import timezone

from plans.models import User
from tasks.models import Notification


def notify_users(users, *, kind, title, body="", url="", plan=None, task=None):
    """Create one notification for each of ``users`` (active ones); return how many."""
    rows = [
        Notification(
            recipient=user, kind=kind, title=title[:300], body=body, url=url, plan=plan, task=task
        )
        for user in users
        if user.is_active
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def notify_units(units, **message):
    """Notify every active user of ``units``."""
    users = User.objects.filter(unit__in=list(units), is_active=True)
    return notify_users(users, **message)


@transaction.atomic
def mark_read(user, notification_ids=None):
    """Mark the user's notifications (all, or the given ones) read."""
    unread = Notification.objects.filter(recipient=user).unread()
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
