"""What a task holds besides its own columns, as the editor sets it: responsibilities (leaders,
lead and supporting units, kept in the order they were written) and targets (updated in place,
because the units' figures hang on them)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from plans.drafting.removal import EditRefused, has_unit_work
from plans.drafting.snapshots import target_text
from plans.models import Leader, Responsibility, Section, Target

# The longest leader name the database keeps; longer ones are refused by the form.
LEADER_NAME_MAX_LENGTH = Leader._meta.get_field("name").max_length


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
        """The names of the leaders chosen and of those typed in."""
        names = [leader.name for leader in self.leaders]
        return names + [name for name in self.new_leader_names if name not in names]

    def resolve_leaders(self, federation):
        """Create the newly named leaders and add them to ``leaders``."""
        for leader in leaders_by_name(federation, self.new_leader_names):
            if leader not in self.leaders:
                self.leaders.append(leader)
        self.new_leader_names = []

    def snapshot(self):
        """The values in the form of ``snapshots.task_snapshot``, to compare with a saved task."""
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
            "targets": [target_text(t.text, t.value, t.measure) for t in self.targets],
        }


def leaders_by_name(federation, names):
    """Leaders of ``federation`` named ``names``, created when new."""
    leaders = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        leader, _created = Leader.objects.get_or_create(federation=federation, name=name)
        leaders.append(leader)
    return leaders


def _ordered(existing, chosen):
    """``chosen`` in the order they were already in, new ones after them in the order given."""
    chosen_ids = {item.pk for item in chosen}
    kept = [item for item in existing if item.pk in chosen_ids]
    kept_ids = {item.pk for item in kept}
    return kept + [item for item in chosen if item.pk not in kept_ids]


def set_responsibilities(task, data, existing):
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


def set_targets(task, targets, existing):
    """Update targets in place (units' figures hang on them), add new ones, delete the rest —
    unless units have reported figures for them: then EditRefused."""
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
