"""The forms of reporting rounds: opening one (with the tasks it covers), a unit's answer on one
task (the workspace's progress report form) and a plan's round schedule."""

from django import forms
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models import Responsibility, Task
from tasks.models import RoundSchedule
from tasks.rounds import periods
from tasks.rounds.service import OPEN_STATUSES
from tasks.workspace.forms import ReportForm
from unionplans.lib.params import parse_int

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class TaskChoiceField(forms.ModelMultipleChoiceField):
    """The plan's tasks a round may cover; the page draws the checkboxes itself, by section."""

    widget = forms.CheckboxSelectMultiple


class RoundForm(forms.Form):
    """A new round: name, period, due date, the tasks it covers and who answers. The tasks are
    the plan's unfinished ones, its open ones (not started, in progress) ticked at first."""

    name = forms.CharField(
        label=_("Name of the round"),
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
        help_text=_("Lead units always answer the tasks chosen below."),
    )
    tasks = TaskChoiceField(
        label=_("Tasks the round covers"),
        queryset=Task.objects.none(),
        error_messages={
            "required": _("Choose at least one task for the round."),
            "invalid_choice": _("A task chosen is done or no longer in the plan: choose again."),
            "invalid_pk_value": _("A task chosen is done or no longer in the plan: choose again."),
        },
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["tasks"].queryset = plan.tasks.exclude(status=Task.Status.DONE)

    def task_groups(self):
        """The tasks to choose from by section, in the document's order, each with ``chosen``
        (ticked) and ``leads`` (lead units' names): (section, [task…]) pairs; two queries."""
        leads = Responsibility.objects.filter(
            role=Responsibility.Role.LEAD, unit__isnull=False
        ).select_related("unit")
        tasks = (
            self.fields["tasks"]
            .queryset.select_related("section", "section__parent")
            .prefetch_related(Prefetch("responsibilities", queryset=leads, to_attr="leads"))
            .order_by("order", "pk")
        )
        chosen = self._chosen_ids()
        groups = {}
        for task in tasks:
            task.chosen = task.pk in chosen if chosen is not None else task.status in OPEN_STATUSES
            groups.setdefault(task.section_id, (task.section, []))[1].append(task)
        return list(groups.values())

    def _chosen_ids(self):
        """The ids ticked in what was sent (None before anything was sent)."""
        if not self.is_bound:
            return None
        values = (
            self.data.getlist(self.add_prefix("tasks")) if hasattr(self.data, "getlist") else []
        )
        return {number for value in values if (number := parse_int(value)) is not None}

    def clean_due_date(self):
        day = self.cleaned_data["due_date"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("The due date has passed: choose a later day."))
        return day

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class AnswerForm(ReportForm):
    """A unit's answer on one task of a round: the progress report form (statement, percent,
    figures toward the task's targets, links, files) with the task it answers. Prefixed by the
    task (``t<id>``), so that the page holds one per task."""

    task = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # Set by the view when the round was closed before the answer arrived: the page then offers
    # to save the answer as a progress report on the task instead.
    round_closed = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Progress made")


class ScheduleForm(forms.ModelForm):
    """A plan's round schedule."""

    class Meta:
        model = RoundSchedule
        fields = [
            "active",
            "frequency",
            "open_day",
            "due_rule",
            "due_days",
            "name_pattern",
            "include_supporting",
        ]
        help_texts = {
            "open_day": _(
                "Day 1 to 28 of the period's last month: 20 opens the third quarter's round on "
                "20 September."
            ),
            "due_days": _(
                "Days after opening, or the day of the month after the period (5 for "
                "每月5日前); not used when answers are due by the end of the period."
            ),
            "name_pattern": _(
                "{year} becomes the year and {period} the period: 9月, 第三季度, 上半年, 全年."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["open_day"].min_value = 1
        self.fields["open_day"].max_value = 28
        self.fields["open_day"].widget.attrs.update(min=1, max=28)
        self.fields["due_days"].widget.attrs.update(min=1, max=90)

    def clean_open_day(self):
        day = self.cleaned_data["open_day"]
        if not 1 <= day <= 28:
            raise forms.ValidationError(_("Choose a day from 1 to 28: every month has it."))
        return day

    def clean_name_pattern(self):
        pattern = self.cleaned_data["name_pattern"].strip()
        errors = periods.pattern_errors(pattern)
        if errors:
            raise forms.ValidationError(errors)
        return pattern

    def clean(self):
        data = super().clean()
        rule, days = data.get("due_rule"), data.get("due_days")
        if days is None or rule is None:
            return data
        if rule == RoundSchedule.DueRule.DAYS_AFTER and not 1 <= days <= 90:
            self.add_error("due_days", _("Give 1 to 90 days after opening."))
        elif rule == RoundSchedule.DueRule.NEXT_MONTH and not 1 <= days <= 28:
            self.add_error("due_days", _("Give a day of the month from 1 to 28."))
        return data
