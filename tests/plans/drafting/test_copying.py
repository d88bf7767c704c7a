"""A new plan as a copy of last year's: structure, responsibilities and targets carried over,
deadlines moved into the new year."""

from plans.drafting.copying import copy_plan, default_title
from plans.models import AuditEntry, Plan, Task
from tests.plans.drafting.helpers import plan_as_dict


def test_default_title_names_the_new_year(draft):
    assert default_title(draft, 2027) == "测试市总工会2027年宣传教育工作要点"


def test_a_copy_carries_everything_over_into_the_new_year(draft, planner):
    task = draft.tasks.get(title="推进职工书屋建设")
    task.deadline_text = "2026年11月底前"
    task.status = Task.Status.DONE
    task.save()
    copy = copy_plan(draft, owner=draft.owner, year=2027, user=planner)
    assert copy.status == Plan.Status.DRAFT and copy.copied_from == draft
    assert copy.title == "测试市总工会2027年宣传教育工作要点"
    assert copy.preamble.startswith("2027年")
    original, copied = plan_as_dict(draft), plan_as_dict(copy)
    # Everything but the deadlines is the same.
    for plan in (original, copied):
        plan.pop("title"), plan.pop("year"), plan.pop("preamble")
    moved = {
        "2026-12-31": "2027-12-31",
        "2026-06-30": "2027-06-30",
        "2026-11-30": "2027-11-30",
        None: None,
    }

    def move(section):
        for task in section["tasks"]:
            task["deadline"] = moved[task["deadline"]]
            if task["deadline_text"] == "2026年11月底前":
                task["deadline_text"] = "2027年11月底前"
        for child in section["sections"]:
            move(child)

    for section in original["sections"]:
        move(section)
    assert copied == original
    assert set(copy.tasks.values_list("status", flat=True)) == {Task.Status.NOT_STARTED}
    assert set(copy.tasks.values_list("version", flat=True)) == {1}
    assert AuditEntry.objects.get(plan=copy).action == "plan.copy"
    assert draft.tasks.count() == copy.tasks.count() == 4


def test_only_the_open_tasks_and_the_sections_holding_them(draft, planner):
    for title in ("深入开展理论宣讲", "落实意识形态工作责任制"):
        draft.tasks.filter(title=title).update(status=Task.Status.DONE)
    draft.tasks.filter(title="推进职工书屋建设").update(status=Task.Status.IN_PROGRESS)
    copy = copy_plan(draft, owner=draft.owner, year=2027, user=planner, only_open=True)
    assert sorted(copy.tasks.values_list("title", flat=True)) == [
        "推进职工书屋建设",
        "组织主题征文活动",
    ]
    tree = copy.section_tree()
    assert [s.title for s in tree] == ["强化职工思想政治引领", "加强职工文化阵地建设"]
    assert [s.title for s in tree[0].children] == ["开展主题宣传教育活动"]
    assert tree[0].task_list == []


def test_a_given_title_is_kept_and_the_source_is_untouched(draft, planner):
    before = plan_as_dict(draft)
    copy = copy_plan(draft, owner=draft.owner, year=2027, user=planner, title="另起的标题")
    assert copy.title == "另起的标题"
    assert plan_as_dict(Plan.objects.get(pk=draft.pk)) == before
