"""Saving a parsed plan (``plans.importing`` structures) as a Plan with its sections, tasks,
responsibilities and targets, in one transaction.

A plan may have up to 2,000 tasks (plans.importing.limits), so rows are written in bulk: the
sections one level at a time (a level's parents have their ids, given by the database, before
their children are written), then every task, then every responsibility and target, and the
units and leaders the plan names that do not exist yet. Saved a row at a time, a plan of 1,900
tasks took 3,000 queries, and larger ones did not finish within a request. Orders follow the
document: sections and tasks are numbered as they are walked, as when saved one at a time."""

from decimal import Decimal

from django.db import transaction

from plans.importing.units import UnitMatcher, guess_kind
from plans.models import Leader, Plan, Responsibility, Section, Target, Task, Unit

# In ``unit_choices``: make a new unit of this name even if a similar one exists.
NEW_UNIT = "new"
_LEADER_NAME_MAX_LENGTH = Leader._meta.get_field("name").max_length
BATCH = 500


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

    # --- Units and leaders ----------------------------------------------------------------

    def _resolve_units(self, names):
        """name → Unit (or None) for every name, new units written in one statement."""
        by_name = {unit.name: unit for unit in self.matcher.units if unit != self.federation}
        new = {}
        for name in dict.fromkeys(names):
            choice = self.unit_choices.get(name)
            unit = None if choice == NEW_UNIT else choice or self.matcher.match(name)
            if unit is None and (choice == NEW_UNIT or self.create_units):
                key = name[:100]
                unit = by_name.get(key) or new.get(key)
                if unit is None:
                    unit = new[key] = Unit(
                        name=key,
                        kind=guess_kind(name),
                        parent=self.federation,
                        federation=self.federation,
                    )
                    # A later name written differently ("经审办" / "经 审 办") is this unit.
                    self.matcher.add(unit)
            if unit is None:
                self.skipped_units.append(name)
            self.unit_choices[name] = unit
        if new:
            # ignore_conflicts: a unit of the same name made meanwhile by someone else is used.
            Unit.objects.bulk_create(new.values(), ignore_conflicts=True)
            saved = Unit.objects.filter(federation=self.federation, name__in=list(new))
            saved = {unit.name: unit for unit in saved}
            for name, unit in self.unit_choices.items():
                if isinstance(unit, Unit) and unit.pk is None:
                    self.unit_choices[name] = saved[unit.name]
            self.created_units = [saved[key] for key in new]

    def _resolve_leaders(self, names):
        """name → Leader for every name, missing leaders written in one statement."""
        names = list(dict.fromkeys(name[:_LEADER_NAME_MAX_LENGTH] for name in names))
        existing = Leader.objects.filter(federation=self.federation, name__in=names)
        leaders = {leader.name: leader for leader in existing}
        missing = [Leader(federation=self.federation, name=n) for n in names if n not in leaders]
        if missing:
            Leader.objects.bulk_create(missing, ignore_conflicts=True)
            leaders = {
                leader.name: leader
                for leader in Leader.objects.filter(federation=self.federation, name__in=names)
            }
        return leaders

    # --- The plan -------------------------------------------------------------------------

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
        levels, tasks = [], []
        self._sections = 0
        self._walk(plan, None, parsed.sections, 0, levels, tasks)
        for level in levels:
            Section.objects.bulk_create(level, batch_size=BATCH)
        Task.objects.bulk_create([task for task, _parsed in tasks], batch_size=BATCH)
        self._save_details(tasks)
        return plan

    def _walk(self, plan, parent, parsed_sections, depth, levels, tasks):
        """Section rows by depth and (Task row, ParsedTask) pairs, numbered in document order:
        a section, its tasks, then its subsections."""
        for parsed in parsed_sections:
            if depth == len(levels):
                levels.append([])
            self._sections += 1
            section = Section(
                plan=plan,
                parent=parent,
                label=parsed.label[:20],
                title=parsed.title[:500],
                body=parsed.body,
                order=self._sections,
            )
            levels[depth].append(section)
            for parsed_task in parsed.tasks:
                task = Task(
                    section=section,
                    plan=plan,  # Task.save() would take it from the section; bulk_create does not
                    label=parsed_task.label[:20],
                    title=parsed_task.title[:500],
                    body=parsed_task.body,
                    deadline_text=(parsed_task.deadline_text or "")[:100],
                    deadline=parsed_task.deadline,
                    order=len(tasks) + 1,
                )
                tasks.append((task, parsed_task))
            self._walk(plan, section, parsed.sections, depth + 1, levels, tasks)

    def _save_details(self, tasks):
        parsed_tasks = [parsed for _task, parsed in tasks]
        self._resolve_units(
            name for parsed in parsed_tasks for name in parsed.lead_units + parsed.supporting_units
        )
        leaders = self._resolve_leaders(name for parsed in parsed_tasks for name in parsed.leaders)
        responsibilities, targets = [], []
        for task, parsed in tasks:
            rows = [
                Responsibility(
                    task=task, role=Responsibility.Role.LEADER, leader=leaders[name[:50]]
                )
                for name in dict.fromkeys(name[:50] for name in parsed.leaders)
            ]
            seen_units = set()
            for role, names in (
                (Responsibility.Role.LEAD, parsed.lead_units),
                (Responsibility.Role.SUPPORTING, parsed.supporting_units),
            ):
                for name in names:
                    unit = self.unit_choices.get(name)
                    if unit is not None and unit.pk not in seen_units:
                        seen_units.add(unit.pk)
                        rows.append(Responsibility(task=task, role=role, unit=unit))
            for position, responsibility in enumerate(rows):
                responsibility.order = position
            responsibilities += rows
            targets += [
                Target(
                    task=task,
                    text=target.text[:300],
                    value=Decimal(str(target.value)),
                    measure=target.measure[:20],
                    order=position,
                )
                for position, target in enumerate(parsed.targets)
            ]
        Responsibility.objects.bulk_create(responsibilities, batch_size=BATCH)
        Target.objects.bulk_create(targets, batch_size=BATCH)
