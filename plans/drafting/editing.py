"""Editing a plan: its title, year and preamble, its sections and tasks — add, change, delete,
reorder — with optimistic versioning, audit entries and, once published, notifications.

Every save names the version it was loaded with; the row is updated ``WHERE version = loaded``
and its version raised, so a save based on a version a colleague has meanwhile replaced is
refused with ``EditConflict`` instead of silently overwriting their work. Every change is
recorded with ``plans.audit.record``; in a published plan the units concerned are told what
changed (``tasks.notifications``)."""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F, Prefetch
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans import audit, signals
from plans.audit import display
from plans.exporting.common import responsibilities
from plans.models import AuditEntry, Leader, Plan, Responsibility, Section, Target, Task

# --- Errors -----------------------------------------------------------------------------------


class EditConflict(Exception):
    """Someone saved the object after the editor loaded it; ``current`` is their version."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


class EditRefused(Exception):
    """A change that would destroy the units' work (reports, figures); the message says why."""


# --- Labels: 一、 （一） 1． （1） ① ----------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_LABEL_RE = re.compile(
    r"^(?P<open>第|[（(]\s*)?"
    r"(?P<number>[一二三四五六七八九十百]+|\d{1,3}|[①-⑳])"
    r"(?P<word>部分|章|篇)?"
    r"(?P<close>\s*[）)])?"
    r"(?P<sep>\s*(?:[.．]\s*、|[、.．:：]))?$"
)
# Labels of new items by depth, as GB/T 9704 numbers: 一、 → （一） → 1． → （1）.
DEFAULT_LABELS = ("一、", "（一）", "1．", "（1）")


def chinese_numeral(number):
    """1 → 一, 10 → 十, 21 → 二十一 (up to 99; larger numbers are written in digits)."""
    if not 0 < number < 100:
        return str(number)
    tens, ones = divmod(number, 10)
    text = (("" if tens == 1 else _CN_DIGITS[tens]) + "十") if tens else ""
    return text + (_CN_DIGITS[ones] if ones else "")


def _chinese_value(numeral):
    if numeral == "十":
        return 10
    if "十" in numeral:
        tens, _sep, ones = numeral.partition("十")
        return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (
            _CN_DIGITS.index(ones) if ones else 0
        )
    if len(numeral) == 1 and numeral in _CN_DIGITS:
        return _CN_DIGITS.index(numeral)
    return None


@dataclass(frozen=True)
class LabelForm:
    """A label split into its number and the way it is written around it."""

    open: str
    kind: str  # "cn", "arabic" or "circled"
    word: str
    close: str
    sep: str
    number: int

    @property
    def family(self):
        """Labels of one family count together whatever their separator: "1." and "4、"."""
        return (self.open.strip()[:1], self.kind, self.word, bool(self.close))

    def render(self, number):
        if self.kind == "cn":
            numeral = chinese_numeral(number)
        elif self.kind == "circled" and 1 <= number <= len(_CIRCLED):
            numeral = _CIRCLED[number - 1]
        else:
            numeral = str(number)
        return f"{self.open}{numeral}{self.word}{self.close}{self.sep}"


def parse_label(label):
    """The LabelForm of a label such as "（三）" or "10.、", or None."""
    match = _LABEL_RE.match((label or "").strip())
    if not match:
        return None
    numeral = match["number"]
    if numeral.isascii() and numeral.isdigit():  # "①".isdigit() is true as well
        kind, number = "arabic", int(numeral)
    elif numeral in _CIRCLED:
        kind, number = "circled", _CIRCLED.index(numeral) + 1
    else:
        kind, number = "cn", _chinese_value(numeral)
    opening, closing = match["open"] or "", match["close"] or ""
    word, separator = match["word"] or "", match["sep"] or ""
    if number is None:
        return None
    if opening == "第" and not word:  # "第一" alone is not a label
        return None
    if opening.startswith(("（", "(")) and not closing:
        return None
    if not (opening or word or closing or separator) and kind != "circled":
        return None  # a bare "一" or "3"
    return LabelForm(opening, kind, word, closing, separator, number)


def next_label(labels, depth):
    """The label after the last of ``labels`` (same way of writing), or the default of the
    depth when there is none to follow."""
    for label in reversed(labels):
        form = parse_label(label)
        if form:
            return form.render(form.number + 1)
    return DEFAULT_LABELS[min(depth, len(DEFAULT_LABELS) - 1)]


def _swap_numbers(first, second):
    """Two neighbours trade places: their labels trade numbers when written alike."""
    one, other = parse_label(first.label), parse_label(second.label)
    if one and other and one.family == other.family:
        first.label, second.label = one.render(other.number), other.render(one.number)


def _close_gap(removed_label, following):
    """After an item is deleted, the siblings that followed it and were numbered on from it
    move up one number. Returns the items whose label changed."""
    removed = parse_label(removed_label)
    if removed is None:
        return []
    changed, expected = [], removed.number + 1
    for item in following:
        form = parse_label(item.label)
        if form is None or form.family != removed.family or form.number != expected:
            break
        item.label = form.render(expected - 1)
        changed.append(item)
        expected += 1
    return changed


# --- Order ------------------------------------------------------------------------------------


def renumber_order(plan):
    """Rewrite ``order`` of the plan's sections and tasks to follow the document: a section,
    its tasks, its subsections. Other pages sort a plan's tasks by ``order`` alone."""
    sections_to_save, tasks_to_save = [], []
    counter = {"section": 0, "task": 0}

    def walk(sections):
        for section in sections:
            counter["section"] += 1
            if section.order != counter["section"]:
                section.order = counter["section"]
                sections_to_save.append(section)
            for task in section.task_list:
                counter["task"] += 1
                if task.order != counter["task"]:
                    task.order = counter["task"]
                    tasks_to_save.append(task)
            walk(section.children)

    walk(_light_tree(plan))
    Section.objects.bulk_update(sections_to_save, ["order"])
    Task.objects.bulk_update(tasks_to_save, ["order"])


def _light_tree(plan):
    """The section tree with tasks only (no responsibilities or targets): two queries."""
    sections = list(plan.sections.order_by("order", "pk"))
    by_id = {section.pk: section for section in sections}
    roots = []
    for section in sections:
        section.children, section.task_list = [], []
    for section in sections:
        parent = by_id.get(section.parent_id)
        (parent.children if parent else roots).append(section)
    for task in plan.tasks.order_by("order", "pk").only("pk", "order", "section_id", "label"):
        by_id[task.section_id].task_list.append(task)
    return roots


def section_depth(section):
    depth = 0
    while section.parent_id:
        section = section.parent
        depth += 1
    return depth


def section_choices(plan):
    """(section, depth) of every section of the plan in document order, for pickers."""
    result = []

    def walk(sections, depth):
        for section in sections:
            result.append((section, depth))
            walk(section.children, depth + 1)

    walk(_light_tree(plan), 0)
    return result


# --- What would be lost -----------------------------------------------------------------------

# Deleting these along with a task or target loses nothing the units wrote.
_DISPOSABLE = {Plan, Section, Task, Responsibility, Target, AuditEntry}


def _disposable(model):
    return model in _DISPOSABLE or model._meta.label == "tasks.Notification"


def has_unit_work(objects):
    """Would deleting ``objects`` also delete what units entered (reports, figures, requests,
    acknowledgements)? Asks Django's deletion collector, so it follows every relation."""
    objects = list(objects)
    if not objects:
        return False
    collector = Collector(using=DEFAULT_DB_ALIAS)
    try:
        collector.collect(objects)
    except (ProtectedError, RestrictedError):  # something refers to them and must stay
        return True
    if any(not _disposable(model) and instances for model, instances in collector.data.items()):
        return True
    return any(
        not _disposable(queryset.model) and queryset.exists() for queryset in collector.fast_deletes
    )


# --- Snapshots: the values compared, recorded and shown ----------------------------------------

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


def _target_text(text, value, measure):
    return f"{text}（{Decimal(value).normalize():f}{measure}）"


def task_snapshot(task):
    """The editable values of a saved task, as plain data."""
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
            _target_text(t.text, t.value, t.measure)
            for t in sorted(task.targets.all(), key=lambda t: (t.order, t.pk))
        ],
    }


def section_snapshot(section):
    return {name: getattr(section, name) for name in SECTION_FIELDS}


def plan_snapshot(plan):
    return {name: getattr(plan, name) for name in PLAN_FIELDS}


def differences(before, after):
    """The keys whose values differ, in the order of ``before``."""
    return [key for key in before if before[key] != after.get(key)]


def display_value(value):
    """A value as the audit trail shows it (``plans.audit.display``), a dash when empty."""
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


def _only(snapshot, keys):
    return {key: snapshot[key] for key in keys}


# --- Names and units in notices --------------------------------------------------------------


def _task_name(task_or_snapshot):
    if isinstance(task_or_snapshot, dict):
        return f"{task_or_snapshot['label']}{task_or_snapshot['title']}"
    return f"{task_or_snapshot.label}{task_or_snapshot.title}"


def _task_units(task):
    return [r.unit for r in task.responsibilities.all() if r.unit_id]


# --- Plans ------------------------------------------------------------------------------------


@transaction.atomic
def create_plan(owner, year, title, *, user):
    """A blank draft plan."""
    plan = Plan.objects.create(owner=owner, year=year, title=title)
    audit.record(user, "plan.create", plan=plan, summary=_("Created the plan"))
    return plan


@dataclass
class PlanData:
    title: str
    year: int
    preamble: str


@transaction.atomic
def update_plan(plan, data, *, loaded_version, user):
    """Save the title, year and preamble. Raises EditConflict when the plan was saved since
    ``loaded_version``."""
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    before = plan_snapshot(current)
    after = {"title": data.title, "year": data.year, "preamble": data.preamble}
    changed = differences(before, after)
    if not changed:
        return current
    updated = Plan.objects.filter(pk=plan.pk, version=loaded_version).update(
        version=F("version") + 1, **after
    )
    if not updated:
        raise EditConflict(current)
    plan.refresh_from_db()
    audit.record(
        user,
        "plan.update",
        plan=plan,
        summary=_("Changed the plan: %(fields)s")
        % {"fields": "、".join(str(PLAN_FIELDS[key]) for key in changed)},
        before=_only(before, changed),
        after=_only(after, changed),
    )
    return plan


# --- Sections ---------------------------------------------------------------------------------


@dataclass
class SectionData:
    label: str
    title: str
    body: str = ""


def new_section_label(plan, parent):
    siblings = plan.sections.filter(parent=parent).order_by("order", "pk")
    depth = section_depth(parent) + 1 if parent else 0
    return next_label([s.label for s in siblings], depth)


@transaction.atomic
def create_section(plan, parent, data, *, user):
    """Add a section at the end of ``parent`` (or of the plan)."""
    section = Section.objects.create(
        plan=plan, parent=parent, label=data.label, title=data.title, body=data.body, order=0
    )
    # At the end of its siblings: after everything of the plan, then renumbered.
    last = plan.sections.order_by("-order").values_list("order", flat=True).first() or 0
    Section.objects.filter(pk=section.pk).update(order=last + 1)
    renumber_order(plan)
    section.refresh_from_db()
    audit.record(
        user,
        "section.create",
        plan=plan,
        summary=_("Added section %(section)s") % {"section": section},
        after=section_snapshot(section),
    )
    return section


def _section_units(section):
    """The units responsible for tasks in the section or its subsections."""
    return [
        r.unit
        for r in Responsibility.objects.filter(
            task__section__in=subtree_ids(section), unit__isnull=False
        ).select_related("unit")
    ]


@transaction.atomic
def update_section(section, data, *, loaded_version, user):
    current = Section.objects.select_for_update().get(pk=section.pk)
    before = section_snapshot(current)
    after = {"label": data.label, "title": data.title, "body": data.body}
    changed = differences(before, after)
    if not changed:
        return current
    updated = Section.objects.filter(pk=section.pk, version=loaded_version).update(
        version=F("version") + 1, **after
    )
    if not updated:
        raise EditConflict(current)
    section.refresh_from_db()
    plan = section.plan
    audit.record(
        user,
        "section.update",
        plan=plan,
        summary=_("Changed section %(section)s: %(fields)s")
        % {"section": section, "fields": "、".join(str(SECTION_FIELDS[k]) for k in changed)},
        before=_only(before, changed),
        after=_only(after, changed),
    )
    if plan.is_published:
        signals.section_changed.send(
            sender=Section,
            section=section,
            units=_section_units(section),
            changes=describe_changes(before, after, SECTION_FIELDS),
        )
    return section


def _siblings(section):
    return list(section.plan.sections.filter(parent_id=section.parent_id).order_by("order", "pk"))


@transaction.atomic
def move_section(section, direction, *, user):
    """Move a section one place up (-1) or down (+1) among its siblings; False at an end."""
    siblings = _siblings(section)
    index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
    other_index = index + direction
    if not 0 <= other_index < len(siblings):
        return False
    section, other = siblings[index], siblings[other_index]
    before = [str(section), str(other)]
    section.order, other.order = other.order, section.order
    _swap_numbers(section, other)
    Section.objects.bulk_update([section, other], ["order", "label"])
    Section.objects.filter(pk__in=[section.pk, other.pk]).update(version=F("version") + 1)
    renumber_order(section.plan)
    audit.record(
        user,
        "section.move",
        plan=section.plan,
        summary=_("Moved section %(section)s %(direction)s")
        % {"section": section, "direction": _("up") if direction < 0 else _("down")},
        before={"order": before},
        after={"order": [str(other), str(section)] if direction < 0 else before[::-1]},
    )
    return True


@transaction.atomic
def delete_section(section, *, user):
    """Delete a section with its subsections and tasks. Refused when units have reported on
    one of its tasks."""
    plan = section.plan
    tasks = list(
        Task.objects.filter(section__in=subtree_ids(section)).prefetch_related(
            Prefetch("responsibilities", queryset=Responsibility.objects.select_related("unit"))
        )
    )
    if has_unit_work(tasks):
        raise EditRefused(
            _(
                "Units have already worked on tasks of this section (acknowledged, reported or "
                "made a request). Move those tasks to another section before deleting it."
            )
        )
    units = [unit for task in tasks for unit in _task_units(task)]
    following = [s for s in _siblings(section) if s.order > section.order]
    name, snapshot = str(section), section_snapshot(section)
    section.delete()
    Section.objects.bulk_update(_close_gap(snapshot["label"], following), ["label"])
    renumber_order(plan)
    audit.record(
        user,
        "section.delete",
        plan=plan,
        summary=_("Deleted section %(section)s with %(count)d tasks")
        % {"section": name, "count": len(tasks)},
        before={**snapshot, "tasks": [_task_name(task) for task in tasks]},
    )
    if plan.is_published and units:
        signals.section_removed.send(sender=Section, plan=plan, name=name, units=units)
    return True


def subtree_ids(section):
    ids, frontier = [section.pk], [section.pk]
    while frontier:
        frontier = list(Section.objects.filter(parent__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return ids


# --- Tasks ------------------------------------------------------------------------------------


@dataclass
class TargetData:
    text: str
    value: Decimal
    measure: str = ""
    pk: int | None = None  # an existing target of the task, updated in place


@dataclass
class TaskData:
    section: Section
    label: str
    title: str
    body: str = ""
    deadline_text: str = ""
    deadline: date | None = None
    leaders: list = field(default_factory=list)
    # Leaders named but not yet known: created (in the federation) when the task is saved.
    new_leader_names: list = field(default_factory=list)
    lead_units: list = field(default_factory=list)
    supporting_units: list = field(default_factory=list)
    targets: list = field(default_factory=list)

    def leader_names(self):
        names = [leader.name for leader in self.leaders]
        return names + [name for name in self.new_leader_names if name not in names]

    def resolve_leaders(self, federation):
        """Create the newly named leaders and add them to ``leaders``."""
        for leader in leaders_by_name(federation, self.new_leader_names):
            if leader not in self.leaders:
                self.leaders.append(leader)
        self.new_leader_names = []

    def snapshot(self):
        """The values in the form of ``task_snapshot``, to compare with a saved task."""
        return {
            "section": str(self.section),
            "label": self.label,
            "title": self.title,
            "body": self.body,
            "leaders": self.leader_names(),
            "lead_units": [unit.name for unit in self.lead_units],
            "supporting_units": [unit.name for unit in self.supporting_units],
            "deadline_text": self.deadline_text,
            "deadline": self.deadline,
            "targets": [_target_text(t.text, t.value, t.measure) for t in self.targets],
        }


def new_task_label(section):
    """The label after the section's last task; in an empty section, the way tasks are
    numbered elsewhere in the plan at the same depth, starting at 1."""
    labels = list(section.tasks.order_by("order", "pk").values_list("label", flat=True))
    depth = section_depth(section) + 1
    if labels:
        return next_label(labels, depth)
    for label in (
        Task.objects.filter(plan_id=section.plan_id, section__parent_id=section.parent_id)
        .order_by("order")
        .values_list("label", flat=True)
    ):
        form = parse_label(label)
        if form:
            return form.render(1)
    return DEFAULT_LABELS[min(depth, len(DEFAULT_LABELS) - 1)]


def fetch_task(pk, lock=False):
    queryset = Task.objects.select_related("section", "plan", "plan__owner").prefetch_related(
        Prefetch(
            "responsibilities",
            queryset=Responsibility.objects.select_related("unit", "leader").order_by(
                "order", "pk"
            ),
        ),
        Prefetch("targets", queryset=Target.objects.order_by("order", "pk")),
    )
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=pk)


def _ordered(existing, chosen):
    """``chosen`` in the order they were already in, new ones after them in the order given."""
    chosen_ids = {item.pk for item in chosen}
    kept = [item for item in existing if item.pk in chosen_ids]
    kept_ids = {item.pk for item in kept}
    return kept + [item for item in chosen if item.pk not in kept_ids]


def _set_responsibilities(task, data, existing):
    """Replace the task's responsibilities, keeping the order units were listed in."""
    old = {role: [] for role in Responsibility.Role.values}
    for responsibility in existing:
        old[responsibility.role].append(responsibility.leader or responsibility.unit)
    rows = []
    for role, chosen in (
        (Responsibility.Role.LEADER, data.leaders),
        (Responsibility.Role.LEAD, data.lead_units),
        (Responsibility.Role.SUPPORTING, data.supporting_units),
    ):
        for item in _ordered(old[role], chosen):
            kwargs = {"leader": item} if role == Responsibility.Role.LEADER else {"unit": item}
            rows.append(Responsibility(task=task, role=role, order=len(rows), **kwargs))
    Responsibility.objects.filter(task=task).delete()
    Responsibility.objects.bulk_create(rows)


def _set_targets(task, targets, existing):
    """Update targets in place (units' figures hang on them), add new ones, delete the rest —
    unless units have reported figures for them."""
    by_pk = {target.pk: target for target in existing}
    by_text = {target.text: target for target in existing}
    kept, new = [], []
    for position, item in enumerate(targets):
        target = by_pk.pop(item.pk, None) if item.pk else None
        if target is None and item.text in by_text and by_text[item.text].pk in by_pk:
            target = by_pk.pop(by_text[item.text].pk)
        if target is None:
            new.append(
                Target(
                    task=task,
                    text=item.text,
                    value=item.value,
                    measure=item.measure,
                    order=position,
                )
            )
            continue
        target.text, target.value, target.measure = item.text, item.value, item.measure
        target.order = position
        kept.append(target)
    removed = list(by_pk.values())
    if has_unit_work(removed):
        raise EditRefused(
            _("Units have reported figures for the target “%(target)s”; it cannot be removed.")
            % {"target": next(t.text for t in removed if has_unit_work([t]))}
        )
    Target.objects.filter(pk__in=[t.pk for t in removed]).delete()
    Target.objects.bulk_update(kept, ["text", "value", "measure", "order"])
    Target.objects.bulk_create(new)


_TASK_COLUMNS = ("section", "label", "title", "body", "deadline_text", "deadline")


@transaction.atomic
def create_task(section, data, *, user):
    """Add a task at the end of ``data.section``."""
    plan = section.plan
    data.resolve_leaders(plan.owner.federation_root)
    task = Task(plan=plan, order=0, **{name: getattr(data, name) for name in _TASK_COLUMNS})
    task.save()
    last = plan.tasks.order_by("-order").values_list("order", flat=True).first() or 0
    Task.objects.filter(pk=task.pk).update(order=last + 1)
    _set_responsibilities(task, data, [])
    _set_targets(task, data.targets, [])
    renumber_order(plan)
    task = fetch_task(task.pk)
    after = task_snapshot(task)
    audit.record(
        user,
        "task.create",
        task=task,
        summary=_("Added task %(task)s") % {"task": _task_name(task)},
        after=after,
    )
    if plan.is_published:
        signals.task_added.send(sender=Task, task=task, units=_task_units(task))
    return task


@transaction.atomic
def update_task(task, data, *, loaded_version, user):
    """Save a task edited from ``loaded_version``. Raises EditConflict (with the current task)
    when it was saved since, EditRefused when the change would delete the units' figures."""
    current = fetch_task(task.pk, lock=True)
    before = task_snapshot(current)
    after = data.snapshot()
    changed = differences(before, after)
    if not changed:
        return current
    values = {name: getattr(data, name) for name in _TASK_COLUMNS}
    updated = Task.objects.filter(pk=task.pk, version=loaded_version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise EditConflict(current)
    old_units = _task_units(current)
    data.resolve_leaders(current.plan.owner.federation_root)
    _set_responsibilities(current, data, list(current.responsibilities.all()))
    _set_targets(current, data.targets, list(current.targets.all()))
    if data.section.pk != current.section_id:
        # To the end of its new section.
        last = current.plan.tasks.order_by("-order").values_list("order", flat=True).first()
        Task.objects.filter(pk=task.pk).update(order=(last or 0) + 1)
        renumber_order(current.plan)
    task = fetch_task(task.pk)
    fields = "、".join(str(TASK_FIELDS[key]) for key in changed)
    audit.record(
        user,
        "task.update",
        task=task,
        summary=_("Changed task %(task)s: %(fields)s")
        % {"task": _task_name(task), "fields": fields},
        before=_only(before, changed),
        after=_only(after, changed),
    )
    if task.plan.is_published:
        new_units = _task_units(task)
        signals.task_changed.send(
            sender=Task,
            task=task,
            units=new_units,
            removed_units=[unit for unit in old_units if unit not in new_units],
            fields=fields,
            changes=describe_changes(before, after, TASK_FIELDS),
        )
    return task


@transaction.atomic
def move_task(task, direction, *, user):
    """Move a task one place up (-1) or down (+1) within its section; False at an end."""
    siblings = list(Task.objects.filter(section_id=task.section_id).order_by("order", "pk"))
    index = next(i for i, t in enumerate(siblings) if t.pk == task.pk)
    other_index = index + direction
    if not 0 <= other_index < len(siblings):
        return False
    task, other = siblings[index], siblings[other_index]
    names = [_task_name(task), _task_name(other)]
    task.order, other.order = other.order, task.order
    _swap_numbers(task, other)
    Task.objects.bulk_update([task, other], ["order", "label"])
    Task.objects.filter(pk__in=[task.pk, other.pk]).update(version=F("version") + 1)
    audit.record(
        user,
        "task.move",
        task=task,
        summary=_("Moved task %(task)s %(direction)s")
        % {"task": names[0], "direction": _("up") if direction < 0 else _("down")},
        before={"order": names},
        after={"order": names[::-1]},
    )
    return True


@transaction.atomic
def delete_task(task, *, user):
    """Delete a task. Refused when units have reported on it."""
    task = fetch_task(task.pk, lock=True)
    if has_unit_work([task]):
        raise EditRefused(
            _(
                "Units have already worked on this task (acknowledged, reported or made a "
                "request); it cannot be deleted. Change it instead."
            )
        )
    plan, units, snapshot = task.plan, _task_units(task), task_snapshot(task)
    following = list(
        Task.objects.filter(section_id=task.section_id, order__gt=task.order).order_by("order")
    )
    audit.record(
        user,
        "task.delete",
        task=task,
        summary=_("Deleted task %(task)s") % {"task": _task_name(task)},
        before=snapshot,
    )
    task.delete()
    Task.objects.bulk_update(_close_gap(snapshot["label"], following), ["label"])
    if plan.is_published:
        signals.task_removed.send(sender=Task, plan=plan, name=_task_name(snapshot), units=units)
    return True


def leaders_by_name(federation, names):
    """Leaders of ``federation`` named ``names``, created when new."""
    leaders = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        leader, _created = Leader.objects.get_or_create(federation=federation, name=name)
        leaders.append(leader)
    return leaders
