"""Forms of the plan editor: a new plan (blank or copied), the plan's title and preamble, a
section, a task with its responsibilities, deadline and targets. Each editing form carries the
version it was loaded with (see plans.drafting.versioning)."""

import datetime
import re
from decimal import Decimal

from crispy_forms.layout import Column, Div, Field, Row
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from plans.drafting import ordering, section_edits, task_parts
from plans.drafting.task_parts import LEADER_NAME_MAX_LENGTH
from plans.forms.fields import ParagraphsField, VersionField, form_helper, no_sentence_end
from plans.models import Leader, Section, Unit
from plans.wording.deadlines import (
    deadline_phrase,
    deadline_problem,
    describe_deadline_problem,
    is_open_ended,
    parse_deadline,
)

TITLE_SENTENCE_END = "。！？!?；;"
YEAR_VALIDATORS = [MinValueValidator(1949), MaxValueValidator(2200)]


# --- Sections ---------------------------------------------------------------------------------


class SectionForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=20,
        required=False,
        help_text=_("As numbered in the document: 一、 （一） 1．"),
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    body = ParagraphsField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional text under the heading; one paragraph per line."),
    )
    version = VersionField(required=False)

    def __init__(self, *args, section=None, **kwargs):
        kwargs.setdefault(
            "auto_id", f"id_section{section.pk}_%s" if section else "id_new_section_%s"
        )
        if section is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "label": section.label,
                "title": section.title,
                "body": section.body,
                "version": section.version,
            }
        super().__init__(*args, **kwargs)
        self.section = section
        if section is not None:
            self.fields["version"].required = True
        self.helper = form_helper(
            Row(Column("label", css_class="col-md-2"), Column("title")), "body", "version"
        )

    def clean_title(self):
        return no_sentence_end(self.cleaned_data["title"])

    def section_data(self):
        data = self.cleaned_data
        return section_edits.SectionData(data["label"].strip(), data["title"], data["body"].strip())


# --- Tasks ------------------------------------------------------------------------------------


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, section):
        return f"{'　' * getattr(section, 'depth', 0)}{section.label}{section.title}"


class PickerField(forms.ModelMultipleChoiceField):
    """Checkboxes over a fixed list of objects in the order given (the unit hierarchy)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def set_objects(self, objects, label):
        self.objects = list(objects)
        self.queryset = self.queryset.model.objects.filter(pk__in=[o.pk for o in self.objects])
        self.choices = [(o.pk, label(o)) for o in self.objects]

    def clean(self, value):
        chosen = {o.pk for o in super().clean(value)}
        return [o for o in self.objects if o.pk in chosen]


def unit_tree(federation):
    """The federation's units in hierarchy order, each with ``depth``: one query."""
    units = list(Unit.objects.filter(federation=federation).order_by("order", "name"))
    children = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered = []
    federation.depth = 0
    ordered.append(federation)

    def walk(parent_id, depth):
        for unit in children.get(parent_id, []):
            unit.depth = depth
            ordered.append(unit)
            walk(unit.pk, depth + 1)

    walk(federation.pk, 1)
    return ordered


def _unit_label(unit):
    return f"{'　' * max(unit.depth - 1, 0)}{unit.name}"


class TargetForm(forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Target as written"),
        max_length=300,
        # An example from a plan, the same in every language.
        widget=forms.TextInput(attrs={"placeholder": "新建市级职工书屋30家"}),
    )
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2, min_value=0)
    measure = forms.CharField(label=_("Measure"), max_length=20, required=False)


TargetFormSet = forms.formset_factory(TargetForm, extra=1, can_delete=True)


class TaskForm(forms.Form):
    section = SectionChoiceField(label=_("Section"), queryset=Section.objects.none())
    label = forms.CharField(
        label=_("Label"),
        max_length=20,
        required=False,
        help_text=_("As numbered in the document: （一） 1．"),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        help_text=_("The first sentence of the task, printed in bold."),
    )
    body = ParagraphsField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is to be done; one paragraph per line."),
    )
    leaders = PickerField(label=_("Responsible leaders"), queryset=Leader.objects.none())
    new_leaders = forms.CharField(
        label=_("Other leaders"),
        max_length=200,
        required=False,
        help_text=_("Names not in the list, separated by 、"),
    )
    lead_units = PickerField(label=_("Lead units"), queryset=Unit.objects.none())
    supporting_units = PickerField(label=_("Supporting units"), queryset=Unit.objects.none())
    deadline_text = forms.CharField(
        label=_("Deadline as written"),
        max_length=100,
        required=False,
        help_text=_("For example 全年, 6月底前, 长期坚持."),
    )
    deadline = forms.DateField(
        label=_("Deadline date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    targets_from_text = forms.BooleanField(
        label=_("Take the targets from the text"),
        required=False,
        help_text=_("Find the figures in the title and text (新建30家 → 30 家) on saving."),
    )
    version = VersionField(required=False)

    def __init__(self, *args, plan, task=None, section=None, **kwargs):
        self.plan, self.task = plan, task
        # Several tasks can be open at once in the editor: ids must not collide.
        kwargs.setdefault("auto_id", f"id_task{task.pk}_%s" if task else "id_new_task_%s")
        federation = plan.owner.federation_root
        if task is not None and "initial" not in kwargs:
            kwargs["initial"] = task_initial(task)
        elif "initial" not in kwargs:
            kwargs["initial"] = {
                "section": section.pk if section else None,
                "label": ordering.new_task_label(section) if section else "",
                "targets_from_text": True,
            }
        super().__init__(*args, **kwargs)
        sections = []
        for item, depth in ordering.section_choices(plan):
            item.depth = depth
            sections.append(item)
        self.fields["section"].queryset = plan.sections.all()
        self.fields["section"].choices = [
            (s.pk, self.fields["section"].label_from_instance(s)) for s in sections
        ]
        units = unit_tree(federation)
        self.fields["lead_units"].set_objects(units, _unit_label)
        self.fields["supporting_units"].set_objects(units, _unit_label)
        self.fields["leaders"].set_objects(
            Leader.objects.filter(federation=federation).order_by("name"), str
        )
        self.fields["version"].required = task is not None
        prefix = f"task-{task.pk}" if task else "task-new"
        self.fields["deadline_text"].widget.attrs.update(
            {"data-deadline-text": "", "autocomplete": "off"}
        )
        self.fields["deadline"].widget.attrs["data-deadline-date"] = ""
        self.targets = TargetFormSet(
            *args[:1],
            prefix=f"{prefix}-targets",
            initial=kwargs["initial"].get("targets", []),
        )
        self.helper = form_helper(
            Row(Column("section", css_class="col-md-8"), Column("label")),
            "title",
            "body",
            Row(
                Column("deadline_text", css_class="col-md-6"),
                Column("deadline", css_class="col-md-6"),
                css_class="deadline-pair",
            ),
            Row(
                Column(Field("lead_units", wrapper_class="unit-picker"), css_class="col-md-6"),
                Column(
                    Field("supporting_units", wrapper_class="unit-picker"), css_class="col-md-6"
                ),
            ),
            Row(
                Column(Field("leaders", wrapper_class="unit-picker"), css_class="col-md-6"),
                Column("new_leaders", css_class="col-md-6"),
            ),
            Div("targets_from_text"),
            "version",
        )

    def is_valid(self):
        # Both always validated, so that every error shows at once.
        return all([super().is_valid(), self.targets.is_valid()]) and self._check_targets()

    def clean_title(self):
        return no_sentence_end(self.cleaned_data["title"])

    def clean_new_leaders(self):
        """The names typed, separated by 、 or commas; each must fit the database."""
        text = self.cleaned_data["new_leaders"]
        names = [name.strip() for name in re.split("[、，,]", text) if name.strip()]
        too_long = [name for name in names if len(name) > LEADER_NAME_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("A leader's name has at most %(limit)d characters: “%(name)s” is longer.")
                % {"limit": LEADER_NAME_MAX_LENGTH, "name": too_long[0]}
            )
        return names

    def clean(self):
        data = super().clean()
        lead, supporting = data.get("lead_units") or [], data.get("supporting_units") or []
        both = [unit.name for unit in lead if unit in supporting]
        if both:
            self.add_error(
                "supporting_units",
                _("A unit either leads or supports a task, not both: %(units)s")
                % {"units": "、".join(both)},
            )
        self._fill_deadline(data)
        day = data.get("deadline")
        if day and day < datetime.date(self.plan.year, 1, 1):
            self.add_error(
                "deadline",
                _("The deadline is before the plan's year (%(year)d).") % {"year": self.plan.year},
            )
        return data

    def deadline_warning(self):
        """What is wrong with the deadline as typed (or as saved), in a sentence, or None. A
        warning only: the phrase is kept as the user typed it and the task can be saved."""
        if self.is_bound and hasattr(self, "cleaned_data"):
            text = self.cleaned_data.get("deadline_text", "")
            day = self.cleaned_data.get("deadline")
        elif self.is_bound:
            return None
        else:
            text, day = self.initial.get("deadline_text", ""), self.initial.get("deadline")
        problem = deadline_problem(text, day, self.plan.year)
        if problem is None:
            return None
        return describe_deadline_problem(problem, text, day, self.plan.year)

    def _fill_deadline(self, data):
        """The phrase and the date fill each other where they can: "11月底前" → 30 November of
        the plan year; a date picked → "11月30日前"; "长期坚持" has no date."""
        text = (data.get("deadline_text") or "").strip()
        day = data.get("deadline")
        text_changed = "deadline_text" in self.changed_data
        day_changed = "deadline" in self.changed_data
        parsed = parse_deadline(text, self.plan.year) if text else None
        if text and day is None:
            day = parsed
        elif day and not text:
            text = deadline_phrase(day, self.plan.year)
        elif text_changed and not day_changed:
            if parsed is not None:
                day = parsed
            elif is_open_ended(text):
                day = None
        elif day_changed and not text_changed and parsed != day:
            text = deadline_phrase(day, self.plan.year)
        data["deadline_text"], data["deadline"] = text, day

    def _check_targets(self):
        """A target quotes the task's text, so that it reads back from the printed plan."""
        if self.cleaned_data.get("targets_from_text"):
            return True
        text = f"{self.cleaned_data.get('title', '')}\n{self.cleaned_data.get('body', '')}"
        valid = True
        for form in self._kept_target_forms():
            if form.cleaned_data["text"] not in text:
                form.add_error(
                    "text",
                    _("Quote the target as the title or text writes it, e.g. 新建职工书屋30家."),
                )
                valid = False
        return valid

    def target_data(self):
        data = self.cleaned_data
        if data.get("targets_from_text"):
            from plans.importing import find_targets

            found = find_targets(data["title"]) + find_targets(data["body"])
            return [
                task_parts.TargetData(t.text[:300], Decimal(str(t.value)), t.measure[:20])
                for t in found
            ]
        return [
            task_parts.TargetData(
                form.cleaned_data["text"].strip(),
                form.cleaned_data["value"],
                form.cleaned_data["measure"].strip(),
                form.cleaned_data.get("pk"),
            )
            for form in self._kept_target_forms()
        ]

    def _kept_target_forms(self):
        """The target rows to keep: filled in (unchanged ones too) and not ticked to delete;
        the empty row for a new target is left out."""
        return [
            form
            for form in self.targets.forms
            if form.cleaned_data.get("text") and not form.cleaned_data.get("DELETE")
        ]

    def task_data(self):
        data = self.cleaned_data
        return task_parts.TaskData(
            section=data["section"],
            label=data["label"].strip(),
            title=data["title"],
            body=data["body"].strip(),
            deadline_text=data["deadline_text"],
            deadline=data["deadline"],
            leaders=list(data["leaders"]),
            new_leader_names=data["new_leaders"],
            lead_units=data["lead_units"],
            supporting_units=data["supporting_units"],
            targets=self.target_data(),
        )


def task_initial(task):
    """The form's initial values from a saved task (responsibilities and targets prefetched)."""
    by_role = {"leader": [], "lead": [], "supporting": []}
    for responsibility in task.responsibilities.all():
        by_role[responsibility.role].append(responsibility.leader_id or responsibility.unit_id)
    return {
        "section": task.section_id,
        "label": task.label,
        "title": task.title,
        "body": task.body,
        "leaders": by_role["leader"],
        "lead_units": by_role["lead"],
        "supporting_units": by_role["supporting"],
        "deadline_text": task.deadline_text,
        "deadline": task.deadline,
        "version": task.version,
        "targets": [
            {"pk": t.pk, "text": t.text, "value": t.value.normalize(), "measure": t.measure}
            for t in task.targets.all()
        ],
    }
