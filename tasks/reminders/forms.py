"""The forms of the reminder pages: a plan's policy, a unit's chat robot, the delivery log's
filters."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tasks.models import Delivery, ReminderPolicy, UnitChannel
from tasks.reminders import channels
from unionplans.lib import params

MAX_DAYS = 366


class DaysField(forms.CharField):
    """Whole numbers of days, written "7, 1" (commas or spaces, Chinese commas too)."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(day) for day in sorted(value, reverse=True))
        return value

    def to_python(self, value):
        text = super().to_python(value)
        for separator in ("，", "、", ";", "；"):
            text = text.replace(separator, ",")
        days = set()
        for part in text.replace(",", " ").split():
            day = params.parse_int(part, maximum=MAX_DAYS)  # "²".isdigit(), yet int() fails
            if day is None:
                raise ValidationError(
                    gettext("Write whole numbers of days from 0 to %(max)d, such as 7, 1.")
                    % {"max": MAX_DAYS},
                    code="invalid",
                )
            days.add(day)
        if len(days) > 10:
            raise ValidationError(gettext("Give at most 10 reminders before a deadline."))
        return sorted(days, reverse=True)


class ReminderPolicyForm(forms.ModelForm):
    days_before = DaysField(
        label=_("days before the deadline"),
        required=False,
        help_text=_("For example 7, 1 — leave empty for no reminder before the deadline."),
    )

    class Meta:
        model = ReminderPolicy
        fields = ReminderPolicy.SETTINGS
        widgets = {
            "overdue_every_days": forms.NumberInput(attrs={"min": 0, "max": MAX_DAYS}),
            "escalate_after_days": forms.NumberInput(attrs={"min": 0, "max": MAX_DAYS}),
        }

    def clean_overdue_every_days(self):
        return _at_most(self.cleaned_data["overdue_every_days"])

    def clean_escalate_after_days(self):
        return _at_most(self.cleaned_data["escalate_after_days"])


def _at_most(days):
    if days is not None and days > MAX_DAYS:
        raise ValidationError(gettext("At most %(max)d days.") % {"max": MAX_DAYS})
    return days


class UnitChannelForm(forms.Form):
    """A chat robot of a unit. The webhook (its key is a secret) and the signing secret are
    never shown again: left empty when editing, the saved ones are kept; the page shows the
    saved webhook masked. What was typed in a refused form stays, to be corrected."""

    kind = forms.ChoiceField(label=_("robot"))
    name = forms.CharField(
        label=_("name"),
        max_length=100,
        required=False,
        help_text=_("Which group chat, for example 办公室工作群."),
    )
    webhook = forms.CharField(label=_("webhook address"), max_length=1000)
    secret = forms.CharField(
        label=_("signing secret"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("DingTalk and Feishu robots with signing (加签) only."),
    )
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {"kind": instance.kind, "name": instance.name, "is_active": instance.is_active},
            )
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind, label) for kind, label in channels.choices() if kind in channels.ROBOT_KINDS
        ]
        if instance is not None:
            self.fields["kind"].disabled = True
            webhook = self.fields["webhook"]
            webhook.required = False
            webhook.help_text = gettext(
                "Saved: %(address)s. Leave empty to keep it, or paste a new address."
            ) % {"address": instance.webhook_display}

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind or "webhook" not in data:
            return data
        saved = self.instance.config if self.instance else {}
        config = {"webhook": data["webhook"] or saved.get("webhook", "")}
        channel = channels.get(kind)
        if getattr(channel, "has_secret", False):
            config["secret"] = data.get("secret") or saved.get("secret", "")
        try:
            data["config"] = channel.clean_config(config)
        except ValidationError as error:
            self.add_error("webhook", error)
        return data

    def save(self, unit):
        """Create or update the robot. Saving counts as a repair: it is no longer broken."""
        robot = self.instance or UnitChannel(unit=unit, kind=self.cleaned_data["kind"])
        robot.name = self.cleaned_data["name"]
        if robot.config != self.cleaned_data["config"]:
            # The last test was of another address or secret: it says nothing of these.
            robot.last_tested_at, robot.last_test_error = None, ""
        robot.config = self.cleaned_data["config"]
        robot.is_active = self.cleaned_data["is_active"]
        robot.broken_at = None
        robot.broken_reason = ""
        robot.updated_at = timezone.now()
        robot.save()
        return robot


class DeliveryFilterForm(forms.Form):
    """The delivery log's filters; the units and plans offered are the planner's."""

    status = forms.ChoiceField(label=_("status"), required=False)
    unit = forms.TypedChoiceField(label=_("unit"), required=False, coerce=int, empty_value=None)
    plan = forms.TypedChoiceField(label=_("plan"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, units=(), plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", gettext("All"))]
        self.fields["status"].choices = everything + list(Delivery.Status.choices)
        self.fields["unit"].choices = everything + list(units)
        self.fields["plan"].choices = everything + list(plans)

    def filter(self, deliveries):
        if not self.is_valid():
            return deliveries
        data = self.cleaned_data
        if data["status"]:
            deliveries = deliveries.filter(status=data["status"])
        if data["unit"]:
            deliveries = deliveries.filter(reminder__unit_id=data["unit"])
        if data["plan"]:
            deliveries = deliveries.filter(reminder__plan_id=data["plan"])
        return deliveries
