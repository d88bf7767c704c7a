"""The editing service: versioned saves, order and labels, audit entries and, once published,
notifications to the units concerned."""

import datetime
from decimal import Decimal

import pytest

from plans.drafting import plan_edits, removal, section_edits, task_edits, task_parts, versioning
from plans.models import AuditEntry, Plan, Section, Task
from tasks.models import Notification
from tests.plans.drafting.helpers import LEAD


def _data(task, **changes):
    task = task_edits.fetch_task(task.pk)
    values = {
        "section": task.section,
        "label": task.label,
        "title": task.title,
        "body": task.body,
        "deadline_text": task.deadline_text,
        "deadline": task.deadline,
        "leaders": task.leaders,
        "lead_units": task.lead_units,
        "supporting_units": task.supporting_units,
        "targets": [
            task_parts.TargetData(t.text, t.value, t.measure, t.pk) for t in task.targets.all()
        ],
    }
    values.update(changes)
    return task_parts.TaskData(**values)


def _task(plan, title):
    return plan.tasks.get(title=title)


def test_a_save_raises_the_version_and_is_recorded(draft, planner):
    task = _task(draft, "推进职工书屋建设")
    saved = task_edits.update_task(
        task, _data(task, deadline_text="10月底前"), loaded_version=1, user=planner
    )
    assert saved.version == 2
    assert saved.deadline_text == "10月底前"
    entry = AuditEntry.objects.get(action="task.update")
    assert entry.user == planner and entry.task == task
    assert entry.before == {"deadline_text": "11月底前"}
    assert entry.after == {"deadline_text": "10月底前"}


def test_a_save_based_on_an_older_version_is_refused(draft, planner):
    task = _task(draft, "推进职工书屋建设")
    task_edits.update_task(
        task, _data(task, title="推进职工书屋提质"), loaded_version=1, user=planner
    )
    with pytest.raises(versioning.EditConflict) as conflict:
        task_edits.update_task(
            task, _data(task, body="第二位的内容"), loaded_version=1, user=planner
        )
    assert conflict.value.current.title == "推进职工书屋提质"
    assert conflict.value.current.version == 2
    task.refresh_from_db()
    assert task.body != "第二位的内容"  # nothing of the refused save was written
    assert AuditEntry.objects.filter(action="task.update").count() == 1


def test_saving_again_with_the_version_seen_replaces_theirs(draft, planner):
    task = _task(draft, "推进职工书屋建设")
    task_edits.update_task(task, _data(task, title="他们的标题"), loaded_version=1, user=planner)
    saved = task_edits.update_task(
        task, _data(task, title="我的标题"), loaded_version=2, user=planner
    )
    assert saved.title == "我的标题" and saved.version == 3


def test_a_save_that_changes_nothing_is_not_a_conflict(draft, planner):
    task = _task(draft, "推进职工书屋建设")
    task_edits.update_task(task, _data(task, title="新标题"), loaded_version=1, user=planner)
    same = task_edits.update_task(task, _data(task), loaded_version=1, user=planner)
    assert same.version == 2
    assert AuditEntry.objects.filter(action="task.update").count() == 1


def test_responsibilities_keep_their_order_and_new_ones_come_after(draft, planner, world):
    task = _task(draft, "深入开展理论宣讲")
    assert [u.name for u in task.supporting_units] == ["甲区总工会", "乙县总工会"]
    # The form lists units in hierarchy order; the task keeps the order it was written in.
    data = _data(task, supporting_units=[world.unit_c, world.unit_b, world.unit_a])
    saved = task_edits.update_task(task, data, loaded_version=1, user=planner)
    assert [u.name for u in saved.supporting_units] == ["甲区总工会", "乙县总工会", "丙区总工会"]


def test_targets_are_updated_in_place(draft, planner):
    task = _task(draft, "推进职工书屋建设")
    first, second = task.targets.all()
    data = _data(
        task,
        targets=[
            task_parts.TargetData("新建市级职工书屋30家", Decimal(35), "家", first.pk),
            task_parts.TargetData("新的指标10个", Decimal(10), "个"),
        ],
    )
    task_edits.update_task(task, data, loaded_version=1, user=planner)
    targets = list(task.targets.order_by("order"))
    assert targets[0].pk == first.pk and targets[0].value == 35
    assert targets[1].text == "新的指标10个"
    assert not task.targets.filter(pk=second.pk).exists()


def test_new_leaders_are_created_in_the_federation(draft, planner, world):
    task = _task(draft, "推进职工书屋建设")
    data = _data(task, new_leader_names=["王强"])
    saved = task_edits.update_task(task, data, loaded_version=1, user=planner)
    assert [leader.name for leader in saved.leaders] == ["王强"]
    assert saved.leaders[0].federation == world.federation


def test_changes_of_a_draft_notify_nobody(draft, planner):
    task = _task(draft, "推进职工书屋建设")
    task_edits.update_task(
        task, _data(task, deadline_text="10月底前"), loaded_version=1, user=planner
    )
    assert not Notification.objects.exists()


def test_changes_of_a_published_plan_tell_the_units_what_changed(draft, planner, world):
    draft.status = Plan.Status.PUBLISHED
    draft.save()
    task = _task(draft, "推进职工书屋建设")  # C leads, the propaganda department supports
    data = _data(
        task,
        deadline_text="10月底前",
        deadline=datetime.date(2026, 10, 31),
        supporting_units=[world.unit_a],
    )
    task_edits.update_task(task, data, loaded_version=1, user=planner)
    reporter_a, reporter_c = world.reporter_a, world.reporter_c
    for user in (reporter_a, reporter_c):
        notification = Notification.objects.get(recipient=user, kind="task_changed")
        assert "推进职工书屋建设" in notification.title
        assert "10月底前" in notification.body and "11月底前" in notification.body
        assert notification.url == task.get_absolute_url()
    # The planner's own department no longer supports the task: told so, linked to its list.
    removed = Notification.objects.get(recipient=planner)
    assert removed.url == "/my/"
    assert not Notification.objects.filter(recipient=world.reporter_b).exists()


def test_new_and_deleted_tasks_of_a_published_plan_are_announced(draft, planner, world):
    draft.status = Plan.Status.PUBLISHED
    draft.save()
    section = draft.sections.get(label="二、")
    data = task_parts.TaskData(
        section=section,
        label="（二）",
        title="开展读书月活动",
        deadline_text="9月底前",
        deadline=datetime.date(2026, 9, 30),
        lead_units=[world.unit_b],
    )
    task = task_edits.create_task(section, data, user=planner)
    reporter_b = world.reporter_b
    assert Notification.objects.get(recipient=reporter_b).kind == "task_assigned"
    task_edits.delete_task(task, user=planner)
    removed = Notification.objects.get(recipient=reporter_b, kind="task_removed")
    assert "开展读书月活动" in removed.title
    assert AuditEntry.objects.filter(action="task.delete", task__isnull=True).count() == 1


def test_new_items_go_to_the_end_and_order_follows_the_document(draft, planner):
    first = draft.sections.get(label="一、")
    section = section_edits.create_section(
        draft, None, section_edits.SectionData("三、", "讲好工人故事"), user=planner
    )
    sub = section_edits.create_section(
        draft, first, section_edits.SectionData("（四）", "新的小节"), user=planner
    )
    data = task_parts.TaskData(section=sub, label="1．", title="新任务")
    task = task_edits.create_task(sub, data, user=planner)
    titles = [s.title for s in draft.sections.order_by("order")]
    assert titles == [
        "强化职工思想政治引领",
        "开展主题宣传教育活动",
        "新的小节",
        "加强职工文化阵地建设",
        "讲好工人故事",
    ]
    tasks = [t.title for t in draft.tasks.order_by("order")]
    assert tasks.index("新任务") == tasks.index("组织主题征文活动") + 1
    assert section.parent is None and task.section == sub


def test_moving_sections_swaps_their_numbers_and_reorders_tasks(draft, planner):
    second = draft.sections.get(label="二、")
    assert section_edits.move_section(second, -1, user=planner)
    tops = list(draft.sections.filter(parent=None).order_by("order"))
    assert [(s.label, s.title) for s in tops] == [
        ("一、", "加强职工文化阵地建设"),
        ("二、", "强化职工思想政治引领"),
    ]
    assert draft.tasks.order_by("order").first().title == "推进职工书屋建设"
    assert not section_edits.move_section(tops[0], -1, user=planner)  # first already
    assert AuditEntry.objects.filter(action="section.move").count() == 1


def test_moving_tasks_swaps_their_numbers(draft, planner):
    task = _task(draft, "落实意识形态工作责任制")
    assert task_edits.move_task(task, -1, user=planner)
    first = draft.sections.get(label="一、")
    assert [(t.label, t.title) for t in first.tasks.order_by("order")] == [
        ("（一）", "落实意识形态工作责任制"),
        ("（二）", "深入开展理论宣讲"),
    ]
    assert not task_edits.move_task(_task(draft, "落实意识形态工作责任制"), -1, user=planner)


def test_deleting_closes_the_gap_in_numbering(draft, planner):
    task_edits.delete_task(_task(draft, "深入开展理论宣讲"), user=planner)
    first = draft.sections.get(label="一、")
    assert [t.label for t in first.tasks.all()] == ["（一）"]
    section_edits.delete_section(first, user=planner)
    assert [s.label for s in draft.sections.filter(parent=None)] == ["一、"]
    assert draft.sections.count() == 1
    assert draft.tasks.count() == 1


def test_work_the_units_reported_is_never_deleted(draft, planner, world):
    from tasks.models import ProgressReport, TargetFigure

    task = _task(draft, "推进职工书屋建设")
    report = ProgressReport.objects.create(
        task=task, unit=world.unit_c, role=LEAD, text="已建成12家"
    )
    target = task.targets.get(text="新建市级职工书屋30家")
    TargetFigure.objects.create(report=report, target=target, unit=world.unit_c, value=12)
    with pytest.raises(removal.EditRefused):
        task_edits.delete_task(task, user=planner)
    with pytest.raises(removal.EditRefused):
        section_edits.delete_section(task.section, user=planner)
    with pytest.raises(removal.EditRefused):
        task_edits.update_task(task, _data(task, targets=[]), loaded_version=1, user=planner)
    assert Task.objects.filter(pk=task.pk).exists() and target.figures.exists()
    task.refresh_from_db()
    assert task.version == 1  # the refused save was rolled back whole


def test_section_and_plan_saves_are_versioned(draft, planner):
    section = draft.sections.get(label="二、")
    section_edits.update_section(
        section, section_edits.SectionData("二、", "新标题", ""), loaded_version=1, user=planner
    )
    with pytest.raises(versioning.EditConflict):
        section_edits.update_section(
            section, section_edits.SectionData("二、", "又一个", ""), loaded_version=1, user=planner
        )
    assert Section.objects.get(pk=section.pk).title == "新标题"
    plan_edits.update_plan(
        draft, plan_edits.PlanData("新计划", 2026, ""), loaded_version=1, user=planner
    )
    with pytest.raises(versioning.EditConflict):
        plan_edits.update_plan(
            draft, plan_edits.PlanData("另一个", 2026, ""), loaded_version=1, user=planner
        )
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("新计划", 2)


def test_has_unit_work_follows_every_relation(draft, world):
    from tasks.models import ProgressReport

    task = _task(draft, "推进职工书屋建设")
    assert not removal.has_unit_work([task])
    ProgressReport.objects.create(task=task, unit=world.unit_c, role=LEAD, text="进行中")
    assert removal.has_unit_work([task])
    assert removal.has_unit_work([task.section])


def test_section_changes_of_a_published_plan_reach_the_units_below_it(draft, planner, world):
    draft.status = Plan.Status.PUBLISHED
    draft.save()
    first = draft.sections.get(label="一、")
    section_edits.update_section(
        first, section_edits.SectionData("一、", "强化思想引领", ""), loaded_version=1, user=planner
    )
    # Units A, B (tasks directly below) and C (a task in its subsection) — once each.
    for name in ("reporter_a", "reporter_b", "reporter_c"):
        notification = Notification.objects.get(recipient=world.user(name))
        assert notification.kind == "plan_changed"
        assert "强化职工思想政治引领 → 强化思想引领" in notification.body
    second = draft.sections.get(label="二、")
    section_edits.delete_section(second, user=planner)
    removed = Notification.objects.filter(kind="task_removed")
    assert {n.recipient for n in removed} == {world.reporter_c, planner}
