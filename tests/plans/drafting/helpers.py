"""Building plans for the drafting tests, and reading a plan back as the importer's dict."""

import datetime
from decimal import Decimal

from plans.exporting.common import responsibilities
from plans.models import Plan, Responsibility
from tests import factories

LEAD = Responsibility.Role.LEAD
SUPPORTING = Responsibility.Role.SUPPORTING
LEADER = Responsibility.Role.LEADER


def responsible(task, *, leaders=(), lead=(), supporting=()):
    """Attach leaders and units to a task, in the order given."""
    order = 0
    for leader in leaders:
        factories.ResponsibilityFactory(
            task=task, role=LEADER, unit=None, leader=leader, order=order
        )
        order += 1
    for role, units in ((LEAD, lead), (SUPPORTING, supporting)):
        for unit in units:
            factories.ResponsibilityFactory(task=task, role=role, unit=unit, order=order)
            order += 1
    return task


def build_plan(federation, owner, *, year=2026, status=Plan.Status.DRAFT, units=None, leaders=None):
    """A plan as the propaganda department writes one: two top sections, the first with a
    subsection, tasks with leaders, lead and supporting units, deadlines and targets (quoted
    from their text, so that the Word export reads back the same)."""
    units = units or [
        factories.UnitFactory(name=name, parent=federation)
        for name in ("甲区总工会", "乙县总工会", "丙区总工会")
    ]
    leaders = leaders or [
        factories.LeaderFactory(federation=federation, name=name) for name in ("张慧", "张雷")
    ]
    plan = factories.PlanFactory(
        owner=owner,
        year=year,
        title=f"测试市总工会{year}年宣传教育工作要点",
        preamble=f"{year}年全市工会宣传教育工作要坚持围绕中心、服务大局，现制定如下工作要点。",
        status=status,
    )
    first = factories.SectionFactory(plan=plan, label="一、", title="强化职工思想政治引领", order=1)
    talks = factories.TaskFactory(
        section=first,
        label="（一）",
        title="深入开展理论宣讲",
        body="组织劳模工匠宣讲团深入企业开展宣讲，全年开展宣讲不少于60场次。",
        deadline_text="全年",
        deadline=datetime.date(year, 12, 31),
        order=1,
    )
    responsible(talks, leaders=leaders[:1], lead=[owner], supporting=units[:2])
    factories.TargetFactory(task=talks, text="开展宣讲不少于60场次", value=60, measure="场次")
    duty = factories.TaskFactory(
        section=first,
        label="（二）",
        title="落实意识形态工作责任制",
        body="定期开展意识形态形势研判。\n加强工会网站、微信公众号等阵地管理。",
        deadline_text="长期坚持",
        deadline=None,
        order=2,
    )
    responsible(duty, leaders=leaders[:1], lead=[owner])
    sub = factories.SectionFactory(
        plan=plan, parent=first, label="（三）", title="开展主题宣传教育活动", order=2
    )
    essays = factories.TaskFactory(
        section=sub,
        label="1．",
        title="组织主题征文活动",
        body="",
        deadline_text="6月底前",
        deadline=datetime.date(year, 6, 30),
        order=3,
    )
    responsible(essays, leaders=leaders, lead=[units[0], units[1]], supporting=[units[2]])
    second = factories.SectionFactory(
        plan=plan, label="二、", title="加强职工文化阵地建设", order=3
    )
    second.body = "各级工会要把阵地建设摆上重要议程。"
    second.save()
    books = factories.TaskFactory(
        section=second,
        label="（一）",
        title="推进职工书屋建设",
        body="新建市级职工书屋30家，推荐申报省级示范点5家。",
        deadline_text="11月底前",
        deadline=datetime.date(year, 11, 30),
        order=4,
    )
    responsible(books, lead=[units[2]], supporting=[owner])
    factories.TargetFactory(
        task=books, text="新建市级职工书屋30家", value=30, measure="家", order=0
    )
    factories.TargetFactory(
        task=books, text="推荐申报省级示范点5家", value=5, measure="家", order=1
    )
    return plan


def _number(value):
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def task_as_dict(task):
    leaders, lead, supporting = responsibilities(task)
    return {
        "label": task.label,
        "title": task.title,
        "body": task.body,
        "leaders": leaders,
        "lead_units": lead,
        "supporting_units": supporting,
        "deadline_text": task.deadline_text or None,
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "targets": [
            {"text": t.text, "value": _number(t.value), "measure": t.measure}
            for t in task.targets.all()
        ],
    }


def section_as_dict(section):
    return {
        "label": section.label,
        "title": section.title,
        "body": section.body,
        "sections": [section_as_dict(child) for child in section.children],
        "tasks": [task_as_dict(task) for task in section.task_list],
    }


def plan_as_dict(plan):
    """The plan in the shape of ParsedPlan.to_dict() (without warnings)."""
    return {
        "title": plan.title,
        "year": plan.year,
        "preamble": plan.preamble,
        "sections": [section_as_dict(section) for section in plan.section_tree()],
    }


def differences(expected, actual, path="plan"):
    """Where two nested dicts/lists differ, as "path: expected != actual" lines."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        lines = []
        for key in dict.fromkeys([*expected, *actual]):
            lines += differences(expected.get(key), actual.get(key), f"{path}.{key}")
        return lines
    if isinstance(expected, list) and isinstance(actual, list):
        lines = []
        if len(expected) != len(actual):
            lines.append(f"{path}: {len(expected)} items != {len(actual)} items")
        for index, (one, other) in enumerate(zip(expected, actual, strict=False)):
            lines += differences(one, other, f"{path}[{index}]")
        return lines
    return [] if expected == actual else [f"{path}: {expected!r} != {actual!r}"]
