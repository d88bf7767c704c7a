"""The values of a plan, section or task that the editor compares, records in the audit trail,
shows side by side on a conflict and tells the units about once a plan is published."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.audit import display
from plans.exporting.common import responsibilities

TASK_FIELDS = {
    "section": gettext_lazy("section"),
    "label": gettext_lazy("label"),
    "title": gettext_lazy("title"),
    "body": gettext_lazy("text"),
    "leaders": gettext_lazy("responsible leaders"),
    "lead_units": gettext_lazy("lead units"),
    "supporting_units": gettext_lazy("supporting units"),
    "deadline_text": gettext_lazy("deadline as written"),
    "deadline": gettext_lazy("deadline date"),
    "targets": gettext_lazy("targets"),
}
SECTION_FIELDS = {
    "label": gettext_lazy("label"),
    "title": gettext_lazy("title"),
    "body": gettext_lazy("text"),
}
PLAN_FIELDS = {
    "title": gettext_lazy("title"),
    "year": gettext_lazy("year"),
    "preamble": gettext_lazy("preamble"),
}
# Long texts are named in a notification but not quoted.
_LONG_FIELDS = {"body", "preamble", "targets"}


def target_text(text, value, measure):
    """A target as one comparable string: "新建职工书屋30家（30家）"."""
    return f"{text}（{Decimal(value).normalize():f}{measure}）"


def task_snapshot(task):
    """The editable values of a saved task (responsibilities and targets prefetched)."""
    leaders, lead, supporting = responsibilities(task)
    return {
        "section": str(task.section),
        "label": task.label,
        "title": task.title,
        "body": task.body,
        "leaders": leaders,
        "lead_units": lead,
        "supporting_units": supporting,
        "deadline_text": task.deadline_text,
        "deadline": task.deadline,
        "targets": [
            target_text(t.text, t.value, t.measure)
            for t in sorted(task.targets.all(), key=lambda t: (t.order, t.pk))
        ],
    }


def section_snapshot(section):
    """The editable values of a section."""
    return {name: getattr(section, name) for name in SECTION_FIELDS}


def plan_snapshot(plan):
    """The editable values of a plan."""
    return {name: getattr(plan, name) for name in PLAN_FIELDS}


def differences(before, after):
    """The keys whose values differ, in the order of ``before``."""
    return [key for key in before if before[key] != after.get(key)]


def only(snapshot, keys):
    """The part of a snapshot an audit entry records: the values that changed."""
    return {key: snapshot[key] for key in keys}


def display_value(value):
    """A value as the conflict table and the change log show it (``plans.audit.display``);
    "—" for nothing."""
    return display.text(value) or "—"


def describe_changes(before, after, labels):
    """Lines such as "deadline as written: 全年 → 11月底前" (long texts only named)."""
    lines = []
    for key in differences(before, after):
        if key in _LONG_FIELDS:
            lines.append(_("%(field)s changed") % {"field": labels[key]})
        else:
            lines.append(
                _("%(field)s: %(before)s → %(after)s")
                % {
                    "field": labels[key],
                    "before": display_value(before[key]),
                    "after": display_value(after.get(key)),
                }
            )
    return lines


def field_names(keys, labels):
    """The changed fields named in a summary: "标题、完成时限"."""
    return "、".join(str(labels[key]) for key in keys)


def task_name(task_or_snapshot):
    """A task as notices name it: its label and title."""
    if isinstance(task_or_snapshot, dict):
        return f"{task_or_snapshot['label']}{task_or_snapshot['title']}"
    return f"{task_or_snapshot.label}{task_or_snapshot.title}"


def task_units(task):
    """The units responsible for a task (responsibilities prefetched), to be told of changes."""
    return [r.unit for r in task.responsibilities.all() if r.unit_id]
