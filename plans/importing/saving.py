"""Saving a parsed plan (``plans.importing`` structures) as a Plan with its sections, tasks,
responsibilities and targets, in one transaction."""

from decimal import Decimal

from django.db import transaction

from plans.importing.units import UnitMatcher, guess_kind
from plans.models import Leader, Plan, Responsibility, Section, Target, Task, Unit

# In ``unit_choices``: make a new unit of this name even if a similar one exists.
NEW_UNIT = "new"
_LEADER_NAME_MAX_LENGTH = Leader._meta.get_field("name").max_length


class Saver:
    """Writes one parsed plan. Unit names are resolved through ``unit_choices`` (name → Unit or
    NEW_UNIT, as decided in the preview) first, then matched; unknown names become new units
    of the owner's federation when ``create_units`` is on, else they are left out and
    reported."""

    def __init__(self, owner, unit_choices=None, create_units=True):
        self.owner = owner
        self.federation = owner.federation_root
        self.matcher = UnitMatcher(self.federation)
        self.unit_choices = dict(unit_choices or {})
        self.create_units = create_units
        self.created_units = []
        self.skipped_units = []
        self._leaders = {
            leader.name: leader for leader in Leader.objects.filter(federation=self.federation)
        }

    def unit(self, name):
        choice = self.unit_choices.get(name)
        if choice == NEW_UNIT:
            unit = self._new_unit(name)
        else:
            unit = choice or self.matcher.match(name)
            if unit is None and self.create_units:
                unit = self._new_unit(name)
        if unit is None:
            self.skipped_units.append(name)
        self.unit_choices[name] = unit
        return unit

    def _new_unit(self, name):
        unit, created = Unit.objects.get_or_create(
            name=name[:100],
            federation=self.federation,
            defaults={"kind": guess_kind(name), "parent": self.federation},
        )
        if created:
            self.created_units.append(unit)
            self.matcher = UnitMatcher(self.federation)
        return unit

    def leader(self, name):
        # A name longer than the column is a misreading of the note; its start is kept.
        name = name[:_LEADER_NAME_MAX_LENGTH]
        if name not in self._leaders:
            self._leaders[name], _ = Leader.objects.get_or_create(
                federation=self.federation, name=name
            )
        return self._leaders[name]

    @transaction.atomic
    def save(self, parsed, *, year=None, status=Plan.Status.DRAFT, source_file=None):
        plan = Plan.objects.create(
            owner=self.owner,
            year=year or parsed.year,
            title=parsed.title[:300],
            preamble=parsed.preamble,
            status=status,
        )
        if source_file is not None:
            plan.source_file.save(source_file.name, source_file, save=True)
        counter = {"section": 0, "task": 0}
        for parsed_section in parsed.sections:
            self._save_section(plan, None, parsed_section, counter)
        return plan

    def _save_section(self, plan, parent, parsed, counter):
        counter["section"] += 1
        section = Section.objects.create(
            plan=plan,
            parent=parent,
            label=parsed.label[:20],
            title=parsed.title[:500],
            body=parsed.body,
            order=counter["section"],
        )
        for parsed_task in parsed.tasks:
            counter["task"] += 1
            self._save_task(section, parsed_task, counter["task"])
        for child in parsed.sections:
            self._save_section(plan, section, child, counter)

    def _save_task(self, section, parsed, order):
        task = Task(
            section=section,
            plan_id=section.plan_id,
            label=parsed.label[:20],
            title=parsed.title[:500],
            body=parsed.body,
            deadline_text=(parsed.deadline_text or "")[:100],
            deadline=parsed.deadline,
            order=order,
        )
        task.save()
        responsibilities = []
        seen_units = set()
        for name in dict.fromkeys(parsed.leaders):
            responsibilities.append(
                Responsibility(task=task, role=Responsibility.Role.LEADER, leader=self.leader(name))
            )
        for role, names in (
            (Responsibility.Role.LEAD, parsed.lead_units),
            (Responsibility.Role.SUPPORTING, parsed.supporting_units),
        ):
            for name in names:
                unit = self.unit(name)
                if unit is not None and unit.pk not in seen_units:
                    seen_units.add(unit.pk)
                    responsibilities.append(Responsibility(task=task, role=role, unit=unit))
        for position, responsibility in enumerate(responsibilities):
            responsibility.order = position
        Responsibility.objects.bulk_create(responsibilities)
        Target.objects.bulk_create(
            Target(
                task=task,
                text=target.text[:300],
                value=Decimal(str(target.value)),
                measure=target.measure[:20],
                order=position,
            )
            for position, target in enumerate(parsed.targets)
        )
        return task
