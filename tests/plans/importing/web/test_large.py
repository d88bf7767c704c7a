"""A large import that the limits allow: read once when uploaded, previewed on a page of bounded
size, saved in a bounded number of queries (timings are in bench/, never asserted here)."""

import datetime
import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from plans.importing import ParsedPlan, limits, parse_document, pending, readers
from plans.models import Plan, Responsibility, Section, Task
from tests.plans.importing.helpers import SAMPLES
from tests.plans.importing.web.test_web import PLAN_TEXT

SAMPLE = (SAMPLES / "pingdingshan-2021-publicity-plan.txt").read_text(encoding="utf-8")
COPIES = 100  # 1,900 tasks, under the limit of 2,000


@pytest.fixture
def planner_client(client, world):
    client.force_login(world.planner)
    return client


def _start(client, world, text):
    response = client.post(reverse("plans:import"), {"owner": world.propaganda.pk, "text": text})
    assert response.status_code == 302, response.context["form"].errors
    return response["Location"]


def _review_data(preview, title):
    form = preview.context["form"]
    data = {"title": title, "year": 2021}
    data.update({row["field"]: form.fields[row["field"]].initial for row in form.unit_rows})
    return data


def test_the_document_is_read_once(planner_client, world, monkeypatch):
    preview_url = _start(planner_client, world, PLAN_TEXT)

    def read_again(*args, **kwargs):
        raise AssertionError("the upload was read again")

    monkeypatch.setattr(readers, "read_text", read_again)
    monkeypatch.setattr(readers, "read_docx", read_again)
    planner_client.get(preview_url)
    preview = planner_client.get(preview_url)
    assert "开展理论宣讲" in preview.content.decode()
    assert "2026年是开局之年。" in preview.content.decode()  # the source text, kept as read
    planner_client.post(preview_url, _review_data(preview, "只读一次"))
    assert Plan.objects.get(title="只读一次").tasks.count() == 2


def test_a_large_plan_is_previewed_on_a_bounded_page(planner_client, world):
    text = "\n".join([SAMPLE] * COPIES)
    preview = planner_client.get(_start(planner_client, world, text))
    content = preview.content.decode()
    tasks = sum(1 for _task in parse_document(text).all_tasks())
    assert tasks == 19 * COPIES
    assert content.count('data-testid="preview-task"') == pending.PREVIEW_TASKS
    assert f"另有 {tasks - pending.PREVIEW_TASKS} 项任务未在此显示" in content
    assert len(content) < len(text.encode()) / 2  # the source, 1.3 MB, is not all shown
    assert content.count('class="mb-1"') <= pending.SOURCE_LINES  # source lines shown
    assert "编号重新开始" in content  # the plan was pasted repeatedly
    assert len(preview.context["warnings"]) <= pending.PREVIEW_WARNINGS


def test_a_large_plan_saves_in_few_queries(planner_client, world, django_assert_max_num_queries):
    text = "\n".join([SAMPLE] * COPIES)
    preview_url = _start(planner_client, world, text)
    data = _review_data(planner_client.get(preview_url), "大计划")
    with django_assert_max_num_queries(40):
        response = planner_client.post(preview_url, data)
    plan = Plan.objects.get(title="大计划")
    assert response["Location"] == plan.get_absolute_url()
    expected = parse_document(text, year=2021)
    saved = list(Task.objects.filter(plan=plan).order_by("order"))
    assert [task.order for task in saved] == list(range(1, len(saved) + 1))
    assert [task.title for task in saved] == [task.title[:500] for task in expected.all_tasks()]
    assert [task.deadline for task in saved] == [task.deadline for task in expected.all_tasks()]
    responsibilities = Responsibility.objects.filter(task__plan=plan).count()
    assert responsibilities == sum(
        len(task.leaders) + len(set(task.lead_units + task.supporting_units))
        for task in expected.all_tasks()
    )
    sections = Section.objects.filter(plan=plan)
    assert sections.filter(parent=None).count() == len(expected.sections)
    assert list(sections.order_by("order").values_list("order", flat=True)) == list(
        range(1, sections.count() + 1)
    )
    assert not Task.objects.filter(plan=plan).exclude(section__plan=plan).exists()


def test_the_parsed_plan_round_trips_through_json():
    for path in sorted(SAMPLES.glob("*.txt")):
        parsed = parse_document(path.read_bytes(), path.name)
        assert ParsedPlan.from_dict(parsed.to_dict()) == parsed


def test_what_was_read_is_deleted_with_the_upload(planner_client, world):
    _start(planner_client, world, PLAN_TEXT)
    assert default_storage.listdir("imports")[1]  # the parsed plan beside the upload
    pending.discard_stale(now=timezone.now() + datetime.timedelta(days=3))
    assert not default_storage.listdir("imports")[1]


def test_a_plan_beyond_the_limit_is_refused_in_the_form(planner_client, world, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TASKS", 30)
    response = planner_client.post(
        reverse("plans:import"),
        {"owner": world.propaganda.pk, "text": "\n".join([SAMPLE] * 2)},
    )
    assert response.status_code == 200
    assert "30" in response.context["form"].non_field_errors()[0]


def test_bulk_saving_makes_each_new_unit_and_leader_once(world):
    from plans.importing.saving import Saver
    from plans.models import Leader, Unit

    text = "\n".join(
        [
            "2026年工作要点",
            "一、思想引领",
            "（一）甲。（责任领导：王五；责任部门：XY经审办，甲区总工会；完成时限：全年）",
            "（二）乙。（责任领导：王五；责任部门：ＸＹ经审办；完成时限：全年）",
            "二、文化",
            "（一）丙。（责任领导：赵六；责任部门：宣教部；完成时限：全年）",
        ]
    )
    plan = Saver(world.propaganda).save(parse_document(text))
    federation = world.federation
    assert Unit.objects.filter(federation=federation, name__contains="经").count() == 1
    assert set(Leader.objects.filter(federation=federation).values_list("name", flat=True)) >= {
        "王五",
        "赵六",
    }
    by_task = {
        task.title: sorted(
            (r.role, r.unit.name if r.unit else r.leader.name) for r in task.responsibilities.all()
        )
        for task in plan.tasks.all()
    }
    assert by_task["甲"] == [("lead", "XY经审办"), ("leader", "王五"), ("supporting", "甲区总工会")]
    assert by_task["乙"] == [("lead", "XY经审办"), ("leader", "王五")]  # written full-width
    assert by_task["丙"] == [("lead", "宣教部"), ("leader", "赵六")]


def _long_section(tasks, after=""):
    lines = ["2026年宣传工作要点", "一、总体安排", "（一）重点工作"]
    for number in range(1, tasks + 1):
        lines.append(f"{number}．开展第{number}项工作。组织职工参与。（牵头部门：宣教部）")
    return "\n".join(lines) + after


def test_the_last_task_shown_of_a_cut_section_can_be_merged_with_the_next(planner_client, world):
    """The preview shows the first PREVIEW_TASKS tasks; the last one shown still has its next
    task in its section, unshown, and is offered the merge as every task before it."""
    preview_url = _start(planner_client, world, _long_section(pending.PREVIEW_TASKS + 50))
    content = planner_client.get(preview_url).content.decode()
    assert content.count('data-testid="preview-task"') == pending.PREVIEW_TASKS
    assert content.count('data-testid="merge"') == pending.PREVIEW_TASKS
    last = re.findall(r'name="key" value="(\w+)"', content)[-1]
    url = reverse("plans:import_correct", args=[preview_url.rstrip("/").rsplit("/", 1)[-1]])
    response = planner_client.post(url, {"key": last, "action": "merge", "version": 0}, follow=True)
    assert "合并为一项任务" in str(next(iter(response.context["messages"])))
    assert len(list(response.context["parsed"].all_tasks())) == pending.PREVIEW_TASKS + 49


def test_a_section_whose_subsections_are_not_shown_is_not_offered_as_a_task(planner_client, world):
    run_ins = "\n201．专项工作\n开展专项宣传。走进基层宣讲。\n开展专项培训。培训骨干百人。"
    preview_url = _start(planner_client, world, _long_section(pending.PREVIEW_TASKS, run_ins))
    preview = planner_client.get(preview_url)
    (part,) = preview.context["parsed"].sections[0].sections
    assert [section.title for section in part.sections] == ["专项工作"]
    # （一） holds a section, unshown: it cannot become a task, so it is not offered.
    assert 'data-testid="to-task"' not in preview.content.decode()
