"""The forms of reporting rounds: opening one, and a unit's answer on one task."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class RoundForm(forms.Form):
    """A new round: name, period, due date and who answers."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"placeholder": "2026年第三季度进展报送", "class": "form-control"}
        ),
    )
    period_start = forms.DateField(label=_("Period from"), required=False, widget=DATE)
    period_end = forms.DateField(label=_("Period to"), required=False, widget=DATE)
    due_date = forms.DateField(label=_("Answers due by"), widget=DATE)
    include_supporting = forms.BooleanField(
        label=_("Supporting units answer too"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        help_text=_("Lead units always answer; the round covers all open tasks of the plan."),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class AnswerForm(forms.Form):
    """A unit's answer on one task of a round: what was done and the percent done."""

    task = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    text = forms.CharField(
        label=_("Progress made"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    percent = forms.IntegerField(
        label=_("Percent done"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(
            attrs={"inputmode": "numeric", "placeholder": "0–100", "class": "form-control"}
        ),
    )
