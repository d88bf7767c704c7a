"""The forms of the assessment: the scheme's weights, and an adjustment of a unit's score."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tasks.assessment.scoring import LABELS
from tasks.models.assessment import CRITERIA, TOTAL_WEIGHT

HELP = {
    "on_time": _("Share of the unit's due tasks finished by their deadline."),
    "targets": _("Share of the targets of its tasks that the units' figures reach."),
    "rounds": _("Share of the answers reporting rounds expected of it given by the due date."),
    "reviews": _("Share of its reviewed completion requests that were accepted: each one sent "
                 "back counts against it."),
}  # fmt: skip


def _weight_field(name):
    return forms.IntegerField(
        label=LABELS[name],
        min_value=0,
        max_value=TOTAL_WEIGHT,
        help_text=HELP[name],
        widget=forms.NumberInput(
            attrs={
                "class": "form-control",
                "inputmode": "numeric",
                "min": 0,
                "max": TOTAL_WEIGHT,
                "data-weight": name,
            }
        ),
    )


class SchemeForm(forms.Form):
    """The weights of the four criteria, whole points that add up to 100."""

    on_time = _weight_field("on_time")
    targets = _weight_field("targets")
    rounds = _weight_field("rounds")
    reviews = _weight_field("reviews")

    def clean(self):
        data = super().clean()
        if all(name in data for name in CRITERIA):
            total = sum(data[name] for name in CRITERIA)
            if total != TOTAL_WEIGHT:
                raise forms.ValidationError(
                    _("The weights add up to %(total)d; they must add up to 100."),
                    params={"total": total},
                    code="total",
                )
        return data

    @property
    def weights(self):
        return {name: self.cleaned_data[name] for name in CRITERIA}


class AdjustmentForm(forms.Form):
    """Points added to (or, negative, taken from) one unit's score, and why."""

    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=None,
        empty_label=_("Choose a unit"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    points = forms.DecimalField(
        label=_("Points"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(-100),
        max_value=Decimal(100),
        help_text=_("For example 2 to add two points, -1.5 to deduct one and a half."),
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
    )
    reason = forms.CharField(
        label=pgettext_lazy("score adjustment", "Reason"),
        max_length=2000,
        help_text=_("Required: the reason is shown with the score and kept in the change log."),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_points(self):
        points = self.cleaned_data["points"]
        if points == 0:
            raise forms.ValidationError(_("An adjustment of zero points changes nothing."))
        return points
