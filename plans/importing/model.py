"""The data the importer reads (Document) and produces (ParsedPlan), and its one error type."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from plans.wording import deadlines


class DocumentError(Exception):
    """A document that cannot be read or holds no plan; the message is meant for the user."""


# --- What a reader produces -------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: str
    # A blank line stood before it (text files): a hint that a sentence broken there continues.
    gap_before: bool = False


@dataclass(frozen=True)
class TableRow:
    cells: tuple[str, ...]
    # One merged cell runs across the whole table: such rows are section headings in 任务分工表.
    spans_table: bool = False


@dataclass(frozen=True)
class Table:
    rows: tuple[TableRow, ...]


Block = Paragraph | Table


@dataclass(frozen=True)
class Document:
    blocks: tuple[Block, ...]


# --- What the parser produces -----------------------------------------------------------------


@dataclass
class ParsedTarget:
    text: str
    value: int | float
    measure: str

    def to_dict(self) -> dict:
        return {"text": self.text, "value": self.value, "measure": self.measure}

    @classmethod
    def from_dict(cls, data: dict) -> ParsedTarget:
        return cls(text=data["text"], value=data["value"], measure=data["measure"])


@dataclass
class ParsedTask:
    label: str
    title: str
    body: str = ""
    leaders: list[str] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    supporting_units: list[str] = field(default_factory=list)
    deadline_text: str | None = None
    deadline: date | None = None
    targets: list[ParsedTarget] = field(default_factory=list)
    # What the reader should check about this task: each is also one of the plan's warnings.
    warnings: list[str] = field(default_factory=list)
    # What the preview calls it (pending.py); no part of the JSON contract.
    key: str = field(default="", repr=False, compare=False)

    def deadline_problem(self, year: int | None) -> str | None:
        """What is wrong with the deadline in a plan of ``year``: a key of
        ``plans.wording.deadlines.DEADLINE_PROBLEMS`` or None."""
        return deadlines.deadline_problem(self.deadline_text, self.deadline, year)

    def deadline_warning(self, year: int | None):
        """The same in a sentence (translated), or None."""
        problem = self.deadline_problem(year)
        if problem is None:
            return None
        return deadlines.describe_deadline_problem(problem, self.deadline_text, self.deadline, year)

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "title": self.title,
            "body": self.body,
            "leaders": list(self.leaders),
            "lead_units": list(self.lead_units),
            "supporting_units": list(self.supporting_units),
            "deadline_text": self.deadline_text,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "targets": [target.to_dict() for target in self.targets],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict) -> ParsedTask:
        deadline = data["deadline"]
        return cls(
            label=data["label"],
            title=data["title"],
            body=data["body"],
            leaders=list(data["leaders"]),
            lead_units=list(data["lead_units"]),
            supporting_units=list(data["supporting_units"]),
            deadline_text=data["deadline_text"],
            deadline=date.fromisoformat(deadline) if deadline else None,
            targets=[ParsedTarget.from_dict(target) for target in data["targets"]],
            warnings=list(data.get("warnings", ())),  # JSON kept before items had warnings
        )


@dataclass
class ParsedSection:
    label: str
    title: str
    body: str = ""
    sections: list[ParsedSection] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # as a task's
    key: str = field(default="", repr=False, compare=False)

    def all_tasks(self) -> Iterator[ParsedTask]:
        yield from self.tasks
        for section in self.sections:
            yield from section.all_tasks()

    # A section shows its tasks before its subsections, as the saved plan does (Section and Task
    # rows are ordered apart). Tasks written after a subsection are kept in their place by an
    # untitled group: a subsection with no label, title or text of its own.

    @property
    def is_group(self) -> bool:
        """Whether it is an untitled group holding tasks written after a subsection."""
        return not (self.label or self.title or self.body or self.sections)

    def items(self) -> list[ParsedTask | ParsedSection]:
        """Its tasks and subsections in document order, the tasks of its groups as its own."""
        items: list[ParsedTask | ParsedSection] = list(self.tasks)
        for section in self.sections:
            items += section.tasks if section.is_group else [section]
        return items

    def arrange(self, items: list[ParsedTask | ParsedSection]) -> None:
        """Hold ``items`` (its tasks and subsections in document order) so that they show in
        that order: the tasks before its first subsection as its tasks, each run of tasks after
        a subsection in a group."""
        self.tasks, self.sections = [], []
        for item in items:
            if isinstance(item, ParsedSection):
                self.sections.append(item)
            elif not self.sections:
                self.tasks.append(item)
            elif self.sections[-1].is_group:
                self.sections[-1].tasks.append(item)
            else:
                self.sections.append(ParsedSection(label="", title="", tasks=[item]))

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "title": self.title,
            "body": self.body,
            "sections": [section.to_dict() for section in self.sections],
            "tasks": [task.to_dict() for task in self.tasks],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict) -> ParsedSection:
        return cls(
            label=data["label"],
            title=data["title"],
            body=data["body"],
            sections=[ParsedSection.from_dict(section) for section in data["sections"]],
            tasks=[ParsedTask.from_dict(task) for task in data["tasks"]],
            warnings=list(data.get("warnings", ())),
        )


@dataclass
class ParsedPlan:
    title: str
    year: int | None
    preamble: str = ""
    # Every warning, those about one section or task (also in its ``warnings``) included.
    warnings: list[str] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)

    def all_tasks(self) -> Iterator[ParsedTask]:
        for section in self.sections:
            yield from section.all_tasks()

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "year": self.year,
            "preamble": self.preamble,
            "warnings": list(self.warnings),
            "sections": [section.to_dict() for section in self.sections],
        }

    @classmethod
    def from_dict(cls, data: dict) -> ParsedPlan:
        """The plan ``to_dict`` wrote: the preview keeps what was read as JSON."""
        return cls(
            title=data["title"],
            year=data["year"],
            preamble=data["preamble"],
            warnings=list(data["warnings"]),
            sections=[ParsedSection.from_dict(section) for section in data["sections"]],
        )
