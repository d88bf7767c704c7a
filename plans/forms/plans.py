"""Forms of the plan editor: a new plan (blank or copied), the plan's title and preamble, a
section, a task with its responsibilities, deadline and targets. Each editing form carries the
version it was loaded with (see plans.drafting.versioning)."""

from crispy_forms.layout import Column, Row
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans import permissions
from plans.drafting import plan_edits
from plans.forms.fields import ParagraphsField, VersionField, form_helper
from plans.models import Plan, Unit

TITLE_SENTENCE_END = "。！？!?；;"
YEAR_VALIDATORS = [MinValueValidator(1949), MaxValueValidator(2200)]


# --- New plans --------------------------------------------------------------------------------


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return unit.name


class NewPlanForm(forms.Form):
    """A blank plan."""

    owner = OwnerField(label=_("Owner unit"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year"), validators=YEAR_VALIDATORS)
    title = forms.CharField(label=_("Title"), max_length=300)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = permissions.units_user_may_own_plans_for(user).order_by(
            "federation_id", "order", "name"
        )
        if user.unit_id and not self.is_bound:
            self.fields["owner"].initial = user.unit_id
        self.fields["year"].initial = timezone.localdate().year + 1
        self.fields["title"].widget.attrs["placeholder"] = _("For example 2027年宣传教育工作要点")
        self.helper = form_helper(
            Row(Column("owner"), Column("year", css_class="col-md-3")), "title"
        )


class SourcePlanField(forms.ModelChoiceField):
    def label_from_instance(self, plan):
        return f"{plan.year} · {plan.title} · {plan.owner.name} · {plan.get_status_display()}"


class CopyPlanForm(forms.Form):
    """A plan copied from an earlier one."""

    source = SourcePlanField(label=_("Copy from"), queryset=Plan.objects.none())
    owner = OwnerField(label=_("Owner unit"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Year of the new plan"), validators=YEAR_VALIDATORS)
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to take the earlier title with the year changed."),
    )
    only_open = forms.BooleanField(
        label=_("Only the tasks not finished"),
        required=False,
        help_text=_("Leave out the tasks whose status is done."),
    )

    def __init__(self, user, *args, source=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            Plan.objects.visible_to(user).select_related("owner").order_by("-year", "title")
        )
        self.fields["owner"].queryset = permissions.units_user_may_own_plans_for(user).order_by(
            "federation_id", "order", "name"
        )
        if source is not None and not self.is_bound:
            self.fields["source"].initial = source.pk
            self.fields["owner"].initial = source.owner_id
            self.fields["year"].initial = source.year + 1
        elif user.unit_id and not self.is_bound:
            self.fields["owner"].initial = user.unit_id
            self.fields["year"].initial = timezone.localdate().year + 1
        self.helper = form_helper(
            "source",
            Row(Column("owner"), Column("year", css_class="col-md-3")),
            "title",
            "only_open",
        )

    def clean(self):
        data = super().clean()
        source, owner = data.get("source"), data.get("owner")
        if source and owner and source.owner.federation_root_id != owner.federation_root_id:
            self.add_error(
                "owner", _("The copy must belong to a unit of the same federation as the plan.")
            )
        return data


# --- The plan's title, year and preamble ------------------------------------------------------


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    year = forms.IntegerField(label=_("Year"), validators=YEAR_VALIDATORS)
    preamble = ParagraphsField(
        label=_("Preamble"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The paragraphs before the first section; one paragraph per line."),
    )
    version = VersionField()

    def __init__(self, *args, plan, **kwargs):
        kwargs.setdefault("auto_id", "id_plan_%s")
        if "initial" not in kwargs:
            kwargs["initial"] = {
                "title": plan.title,
                "year": plan.year,
                "preamble": plan.preamble,
                "version": plan.version,
            }
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.helper = form_helper(
            Row(Column("title", css_class="col-md-9"), Column("year")), "preamble", "version"
        )

    def plan_data(self):
        data = self.cleaned_data
        return plan_edits.PlanData(data["title"].strip(), data["year"], data["preamble"].strip())
