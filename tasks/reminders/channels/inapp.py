"""In-app: a notification in the portal's notification centre (tasks.notifications) for every
active user of the given units and/or the given users; each person is notified once.

Config: {"units": [unit ids], "users": [user ids]} (either may be left out).
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from tasks.models import channel_kinds as kinds
from tasks.reminders.channels.base import DeliveryResult, Message, PermanentFailure


def config_for_unit(unit) -> dict:
    """The in-app channel's config for a unit: all its users."""
    return {"units": [unit.pk]}


class InAppChannel:
    kind = kinds.INAPP
    label = kinds.LABELS[kinds.INAPP]

    def clean_config(self, config) -> dict:
        if not isinstance(config, dict):
            raise ValidationError(_("The channel's settings are missing."), code="invalid")
        cleaned = {}
        for field in ("units", "users"):
            values = config.get(field) or []
            if not isinstance(values, list | tuple) or not all(
                isinstance(value, int) and not isinstance(value, bool) for value in values
            ):
                raise ValidationError(_("The channel's settings are not valid."), code="invalid")
            cleaned[field] = sorted(set(values))
        if not (cleaned["units"] or cleaned["users"]):
            raise ValidationError(_("Choose at least one unit or person."), code="required")
        return cleaned

    def send(self, config, message: Message) -> DeliveryResult:
        # Imported here: the registry is importable before Django's apps are ready.
        from plans.models import Plan, Task, User
        from tasks.notifications.inbox import notify_users

        try:
            config = self.clean_config(config)
        except ValidationError as exc:
            raise PermanentFailure(" ".join(exc.messages), code="config") from exc
        users = User.objects.filter(
            Q(unit__in=config["units"]) | Q(pk__in=config["users"]), is_active=True
        )
        sent = notify_users(
            users,
            kind=message.kind,
            title=message.title,
            body="\n".join(message.lines),
            # In the portal a path is enough, and stays right if SITE_URL changes.
            url=message.url,
            task=Task.objects.filter(pk=message.task_id).first() if message.task_id else None,
            plan=Plan.objects.filter(pk=message.plan_id).first() if message.plan_id else None,
        )
        return DeliveryResult(kind=self.kind, recipients=sent)


channel = InAppChannel()
