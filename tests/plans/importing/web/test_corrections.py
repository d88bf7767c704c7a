"""Correcting the import preview in the browser's forms: every body shown, warnings next to their
tasks, split / merge / task ↔ section posted (with or without htmx), undone, started again, saved
as corrected; bad input answered with a message, another user's preview not found."""

import html
import re

import pytest
from django.urls import reverse

from plans.models import Plan, Responsibility, User
from tests import factories
from tests.plans.importing.test_corrections import IMPLEMENTATION_PLAN
from tests.plans.importing.test_document_order import MIXED_PLAN, SECTION_ONE, SECTION_TWO

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def planner_client(client, world):
    client.force_login(world.planner)
    return client


def _start(client, world, text=IMPLEMENTATION_PLAN):
    response = client.post(reverse("plans:import"), {"owner": world.propaganda.pk, "text": text})
    assert response.status_code == 302
    return response["Location"]


def _token(preview_url):
    return preview_url.rstrip("/").rsplit("/", 1)[-1]


def _parsed(client, preview_url):
    return client.get(preview_url).context["parsed"]


def _task(parsed, title):
    return next(task for task in parsed.all_tasks() if task.title == title)


def _tasks(section):
    """The tasks of a parsed section, those of its untitled group after （一） included."""
    return [item for item in section.items() if not hasattr(item, "tasks")]


def _correct(client, preview_url, follow=True, **data):
    preview = client.get(preview_url)
    data.setdefault("version", preview.context["pending"].version)
    url = reverse("plans:import_correct", args=[_token(preview_url)])
    return client.post(url, data, follow=follow)


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def test_the_preview_shows_every_body_and_warns_next_to_the_tasks(planner_client, world):
    preview = planner_client.get(_start(planner_client, world))
    content = preview.content.decode()
    for paragraph in ("各级工会要办好工会报刊，全年出版12期。", "建好宣传阵地。新建职工书屋30家。"):
        assert f'<p class="my-1">{paragraph}</p>' in content
    # A body of several paragraphs is folded; one short paragraph is open.
    assert content.count('data-testid="preview-task-body"') == 6
    assert content.count(' open data-testid="preview-task-body"') == 5
    # Four tasks miss a unit or a deadline: said next to them, and counted at the top.
    assert content.count('data-testid="item-warning"') == 4
    assert preview.context["warnings_beside"] == 4
    assert [w for w in preview.context["warnings"] if "通知" in w]  # the cover notice skipped
    assert "已在所涉及的部分和任务旁列出" in content


def test_split_merge_and_section_corrections_are_saved_as_corrected(planner_client, world):
    preview_url = _start(planner_client, world)
    parsed = _parsed(planner_client, preview_url)
    task = _task(parsed, "丰富宣传载体")
    response = _correct(planner_client, preview_url, follow=False, key=task.key, split_at=1)
    assert response["Location"] == f"{preview_url}#item-{task.key}"
    response = planner_client.get(response["Location"])
    assert any("用好新媒体" in message for message in _messages(response))
    titles = [t.title for t in _tasks(response.context["parsed"].sections[0])]
    assert titles == ["丰富宣传载体", "用好新媒体"]

    # Merge the next section's two tasks, and make a section of the heading standing alone.
    parsed = response.context["parsed"]
    _correct(planner_client, preview_url, key=_task(parsed, "加强通讯员培训").key, action="merge")
    heading = _task(parsed, "宣传阵地建设")
    _correct(planner_client, preview_url, key=heading.key, action="to_section")

    preview = planner_client.get(preview_url)
    form = preview.context["form"]
    data = {"title": "2015年宣传工作实施方案", "year": 2015}
    data.update({row["field"]: form.fields[row["field"]].initial for row in form.unit_rows})
    response = planner_client.post(preview_url, data)
    plan = Plan.objects.get(title="2015年宣传工作实施方案")
    assert response["Location"] == plan.get_absolute_url()
    tree = {s.title: s for s in plan.sections.all()}
    # After （一）, a section of run-in tasks, its tasks stand in an untitled group, in order.
    after, group = tree["加强宣传工作"].subsections.order_by("order")
    assert (after.label, group.label, group.title) == ("（一）", "", "")
    assert [(t.label, t.title) for t in group.tasks.order_by("order")] == [
        ("（二）", "丰富宣传载体"),
        ("（三）", "用好新媒体"),
    ]
    new = group.tasks.get(title="用好新媒体")
    assert new.body == "开设工会专栏，发布信息不少于200条。\n建好宣传阵地。新建职工书屋30家。"
    assert [t.text for t in new.targets.order_by("order")] == [
        "发布信息不少于200条",
        "新建职工书屋30家",
    ]
    units = {(r.role, r.unit.name) for r in new.responsibilities.exclude(unit=None)}
    assert units == {(Responsibility.Role.LEAD, "办公室"), (Responsibility.Role.LEAD, "宣教部")}
    merged = tree["加强队伍建设"].tasks.get()
    assert merged.body.endswith("开展评选表彰。") and merged.deadline_text == "全年"
    assert tree["宣传阵地建设"].parent == tree["其他工作"]
    assert list(tree["宣传阵地建设"].tasks.values_list("title", flat=True)) == [
        "建设职工书屋",
        "建设文化长廊",
    ]
    assert not tree["其他工作"].tasks.exists()


def test_undo_and_start_again(planner_client, world):
    preview_url = _start(planner_client, world)
    original = _parsed(planner_client, preview_url).to_dict()
    task = _task(_parsed(planner_client, preview_url), "丰富宣传载体")
    _correct(planner_client, preview_url, key=task.key, split_at=2)
    _correct(planner_client, preview_url, key=task.key, split_at=1)
    assert len(_tasks(_parsed(planner_client, preview_url).sections[0])) == 3
    response = _correct(planner_client, preview_url, action="undo")
    assert "撤销" in _messages(response)[0]
    assert len(_tasks(response.context["parsed"].sections[0])) == 2
    response = _correct(planner_client, preview_url, action="start_again")
    assert response.context["parsed"].to_dict() == original
    assert not response.context["pending"].corrected
    content = response.content.decode()
    assert 'value="start_again"' not in content and 'value="undo"' in content
    # Undoing "start again" brings the corrections back.
    response = _correct(planner_client, preview_url, action="undo")
    assert len(_tasks(response.context["parsed"].sections[0])) == 2
    _correct(planner_client, preview_url, action="undo")
    response = _correct(planner_client, preview_url, action="undo")
    assert _messages(response) == ["没有可撤销的更正。"]


def test_a_correction_from_a_page_shown_before_another_is_refused(planner_client, world):
    preview_url = _start(planner_client, world)
    task = _task(_parsed(planner_client, preview_url), "丰富宣传载体")
    _correct(planner_client, preview_url, key=task.key, split_at=1)
    # The same button again, from the page as it was (a double click, another tab).
    response = _correct(planner_client, preview_url, key=task.key, split_at=1, version=0)
    assert "另一个标签页" in _messages(response)[0]
    assert len(_tasks(response.context["parsed"].sections[0])) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "丰富宣传载体", "split_at": 7}, "共有 3 段"),
        ({"title": "开展评选表彰", "action": "merge"}, "最后一项任务"),
        ({"key": "0badc0de", "action": "merge"}, "不在此预览中"),
        ({"title": "丰富宣传载体", "action": "merge", "split_at": 1}, "请选择一项更正"),
        ({"title": "丰富宣传载体"}, "请选择一项更正"),
        ({"action": "merge"}, "请选择要更正的部分或任务"),
        ({"action": "undo"}, "没有可撤销的更正"),
        ({"action": "start_again"}, "已是从文件读取时的样子"),
        ({"title": "丰富宣传载体", "split_at": "²"}, "无法读取"),
        ({"title": "丰富宣传载体", "action": "delete"}, "无法读取"),
        ({"key": "../../x", "action": "merge"}, "无法读取"),
        ({"title": "丰富宣传载体", "action": "merge", "version": "x"}, "无法读取"),
    ],
)
def test_bad_corrections_say_why_and_change_nothing(planner_client, world, data, message):
    preview_url = _start(planner_client, world)
    parsed = _parsed(planner_client, preview_url)
    if "title" in data:
        data["key"] = _task(parsed, data.pop("title")).key
    response = _correct(planner_client, preview_url, **data)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == preview_url
    assert message in _messages(response)[0]
    assert response.context["parsed"].to_dict() == parsed.to_dict()
    assert not response.context["pending"].corrected


def test_a_task_key_of_another_preview_names_nothing(planner_client, world):
    first = _start(planner_client, world)
    second = _start(planner_client, world)
    key = _task(_parsed(planner_client, first), "丰富宣传载体").key
    response = _correct(planner_client, second, key=key, action="merge")
    assert "不在此预览中" in _messages(response)[0]
    assert not response.context["pending"].corrected


def test_with_htmx_the_preview_comes_back_with_its_message_in_the_summary(planner_client, world):
    preview_url = _start(planner_client, world)
    task = _task(_parsed(planner_client, preview_url), "丰富宣传载体")
    url = reverse("plans:import_correct", args=[_token(preview_url)])
    response = planner_client.post(url, {"key": task.key, "split_at": 1, "version": 0}, **HTMX)
    assert response.status_code == 302  # htmx follows it and swaps in the tree and the summary
    page = planner_client.get(response["Location"], **HTMX).content.decode()
    summary = page[page.index('id="import-summary"') : page.index('data-testid="review-form"')]
    assert "用好新媒体" in summary and 'id="import-tree"' in page


def test_unit_choices_typed_before_a_correction_still_apply(planner_client, world):
    """htmx re-draws the plan, not the review form: its unit fields are named by unit, so a
    correction that changes the order units are first named in keeps each choice its own."""
    text = IMPLEMENTATION_PLAN.replace(
        "（完成时限：10月底前）", "（牵头部门：乙办；完成时限：10月底前）"
    )
    text = text.replace("（完成时限：12月底前）", "（牵头部门：甲办；完成时限：12月底前）")
    preview_url = _start(planner_client, world, text)
    preview = planner_client.get(preview_url)
    form = preview.context["form"]
    fields = {row["name"]: row["field"] for row in form.unit_rows}
    data = {"title": "单位不乱", "year": 2015}
    data.update({row["field"]: form.fields[row["field"]].initial for row in form.unit_rows})
    data[fields["甲办"]] = world.unit_a.pk
    data[fields["乙办"]] = world.unit_b.pk
    parsed = preview.context["parsed"]
    _correct(planner_client, preview_url, key=_task(parsed, "宣传阵地建设").key, action="merge")
    assert [row["name"] for row in planner_client.get(preview_url).context["form"].unit_rows][-2:]
    planner_client.post(preview_url, data)
    plan = Plan.objects.get(title="单位不乱")
    assert plan.tasks.get(title="建设文化长廊").responsibilities.get().unit == world.unit_a


def test_another_users_preview_is_not_found(client, world):
    client.force_login(world.planner)
    preview_url = _start(client, world)
    client.force_login(factories.UserFactory(role=User.Role.PLANNER, unit=world.propaganda))
    response = client.post(
        reverse("plans:import_correct", args=[_token(preview_url)]),
        {"action": "undo", "version": 0},
    )
    assert response.status_code == 404


def test_an_expired_preview_says_so_and_leads_back_to_the_import_page(planner_client, world):
    url = reverse("plans:import_correct", args=["unknown-token-00"])
    response = planner_client.post(url, {"action": "undo", "version": 0})
    assert response.status_code == 404
    content = response.content.decode()
    assert 'data-testid="import-gone"' in content and "请重新上传文件" in content
    assert f'href="{reverse("plans:import")}"' in content


def test_a_saved_preview_leads_to_its_plan(planner_client, world):
    preview_url = _start(planner_client, world)
    form = planner_client.get(preview_url).context["form"]
    data = {"title": "已保存", "year": 2015}
    data.update({row["field"]: form.fields[row["field"]].initial for row in form.unit_rows})
    planner_client.post(preview_url, data)
    url = reverse("plans:import_correct", args=[_token(preview_url)])
    response = planner_client.post(url, {"action": "undo", "version": 0})
    assert response["Location"] == Plan.objects.get(title="已保存").get_absolute_url()


def test_corrections_are_posted_only(planner_client, world):
    preview_url = _start(planner_client, world)
    assert (
        planner_client.get(reverse("plans:import_correct", args=[_token(preview_url)])).status_code
        == 405
    )


def _shown_order(response):
    """Section headings and task titles in the order the preview page shows them."""
    found = re.findall(
        r'data-testid="preview-(?:section|task)-title">([^<]*)<', response.content.decode()
    )
    return [html.unescape(text) for text in found]


def test_the_preview_shows_the_document_order_after_a_correction_and_its_undo(
    planner_client, world
):
    preview_url = _start(planner_client, world, MIXED_PLAN)
    read = _shown_order(planner_client.get(preview_url))
    assert read == SECTION_ONE + SECTION_TWO
    heading = _task(_parsed(planner_client, preview_url), "加强阵地建设")
    response = _correct(planner_client, preview_url, key=heading.key, action="to_section")
    assert _shown_order(response)[:6] == [
        "一、加强宣传工作",
        "1．做好主题宣传",
        "2．加强阵地建设",
        "建设职工书屋",
        "建设宣传网站",
        "3．抓好新闻发布",
    ]
    # The untitled group that keeps 3． after the new section offers no correction of its own.
    assert response.content.decode().count('data-testid="to-task"') == 3
    response = _correct(planner_client, preview_url, action="undo")
    assert _shown_order(response) == read
