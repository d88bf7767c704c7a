"""The editor in the browser's place: pages and htmx fragments, versioned saves with both
versions shown on a conflict, invalid input kept, deadlines filling each other."""

import datetime

import pytest
from django.urls import reverse

from plans.models import AuditEntry, Section, Task
from tests.plans.drafting.conftest import HTMX


@pytest.fixture
def editor(client, planner):
    client.force_login(planner)
    return client


def _task_post(task, **changes):
    """What the task form posts when saved unchanged, with ``changes``."""
    data = {
        "section": task.section_id,
        "label": task.label,
        "title": task.title,
        "body": task.body,
        "deadline_text": task.deadline_text,
        "deadline": task.deadline.isoformat() if task.deadline else "",
        "version": task.version,
        "new_leaders": "",
        "leaders": [r.leader_id for r in task.responsibilities.filter(role="leader")],
        "lead_units": [r.unit_id for r in task.responsibilities.filter(role="lead")],
        "supporting_units": [r.unit_id for r in task.responsibilities.filter(role="supporting")],
    }
    targets = list(task.targets.all())
    prefix = f"task-{task.pk}-targets"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": len(targets) + 1,
            f"{prefix}-INITIAL_FORMS": len(targets),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    )
    for index, target in enumerate(targets):
        data.update(
            {
                f"{prefix}-{index}-pk": target.pk,
                f"{prefix}-{index}-text": target.text,
                f"{prefix}-{index}-value": str(target.value),
                f"{prefix}-{index}-measure": target.measure,
            }
        )
    data.update(changes)
    return data


def test_the_editor_shows_the_plan_with_its_tools(editor, draft):
    response = editor.get(reverse("plans:edit", args=[draft.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('data-testid="editor-task"') == 4
    assert content.count('data-testid="editor-section"') == 3
    assert "htmx.min.js" in content and "js/editor.js" in content
    assert "X-CSRFToken" in content
    assert "（责任领导：张慧；责任部门：宣教部，甲区总工会、乙县总工会；完成时限：全年）" in content


def test_a_task_form_opens_in_place_and_saves_to_its_display(editor, draft):
    task = draft.tasks.get(title="推进职工书屋建设")
    url = reverse("plans:task_edit", args=[task.pk])
    form = editor.get(url, **HTMX)
    assert form.templates[0].name == "plans/editor/_task_form.html"
    assert f'id="task-{task.pk}"' in form.content.decode()
    response = editor.post(url, _task_post(task, title="推进职工书屋提质增效"), **HTMX)
    content = response.content.decode()
    assert response.templates[0].name == "plans/editor/_task.html"
    assert "推进职工书屋提质增效" in content and "just-saved" in content
    task.refresh_from_db()
    assert (task.title, task.version) == ("推进职工书屋提质增效", 2)
    # What was not touched stays: responsibilities and targets.
    assert [u.name for u in task.lead_units] == ["丙区总工会"]
    assert list(task.targets.values_list("text", "value")) == [
        ("新建市级职工书屋30家", 30),
        ("推荐申报省级示范点5家", 5),
    ]


def test_targets_are_changed_added_and_deleted_from_the_form(editor, draft):
    task = draft.tasks.get(title="推进职工书屋建设")
    first, second = task.targets.all()
    prefix = f"task-{task.pk}-targets"
    data = _task_post(
        task,
        body="新建市级职工书屋35家，推荐申报省级示范点5家，培训管理员100人。",
        **{
            f"{prefix}-0-text": "新建市级职工书屋35家",
            f"{prefix}-0-value": "35",
            f"{prefix}-1-DELETE": "on",
            f"{prefix}-2-text": "培训管理员100人",
            f"{prefix}-2-value": "100",
            f"{prefix}-2-measure": "人",
        },
    )
    editor.post(reverse("plans:task_edit", args=[task.pk]), data, **HTMX)
    targets = list(task.targets.order_by("order"))
    assert [(t.pk == first.pk, t.text, t.value) for t in targets] == [
        (True, "新建市级职工书屋35家", 35),
        (False, "培训管理员100人", 100),
    ]
    assert not task.targets.filter(pk=second.pk).exists()


def test_without_htmx_the_form_is_a_page_and_saving_returns_to_the_editor(editor, draft):
    task = draft.tasks.get(title="推进职工书屋建设")
    url = reverse("plans:task_edit", args=[task.pk])
    page = editor.get(url)
    assert "plans/editor/page_form.html" in [t.name for t in page.templates]
    response = editor.post(url, _task_post(task, body=task.body + "新的内容。"))
    assert response["Location"] == reverse("plans:edit", args=[draft.pk]) + f"#task-{task.pk}"


def test_the_second_of_two_saves_is_refused_showing_both_versions(editor, draft):
    task = draft.tasks.get(title="推进职工书屋建设")
    url = reverse("plans:task_edit", args=[task.pk])
    first = _task_post(task, deadline_text="10月底前", deadline="2026-10-31")
    second = _task_post(task, title="我的新标题", deadline_text="12月底前", deadline="2026-12-31")
    assert editor.post(url, first, **HTMX).templates[0].name == "plans/editor/_task.html"
    response = editor.post(url, second, **HTMX)
    content = response.content.decode()
    assert 'data-testid="conflict"' in content
    # Theirs (saved) and yours (typed) side by side.
    assert "10月底前" in content and "12月底前" in content
    assert "我的新标题" in content
    # The user's input is still in the form, which now names the version they have seen.
    assert 'value="我的新标题"' in content
    assert 'name="version" value="2"' in content
    assert 'data-dirty="1"' in content
    task.refresh_from_db()
    assert (task.title, task.deadline_text, task.version) == ("推进职工书屋建设", "10月底前", 2)
    # Saving again deliberately replaces theirs.
    response = editor.post(url, {**second, "version": 2}, **HTMX)
    task.refresh_from_db()
    assert (task.title, task.deadline_text, task.version) == ("我的新标题", "12月底前", 3)


def test_invalid_input_comes_back_with_messages_and_the_typed_values(editor, draft, world):
    task = draft.tasks.get(title="推进职工书屋建设")
    unit_a = world.unit_a
    data = _task_post(
        task,
        title="两句话的标题。第二句",
        body="我输入的内容",
        lead_units=[unit_a.pk],
        supporting_units=[unit_a.pk],
        deadline="2020-01-01",
    )
    response = editor.post(reverse("plans:task_edit", args=[task.pk]), data, **HTMX)
    content = response.content.decode()
    assert response.templates[0].name == "plans/editor/_task_form.html"
    form = response.context["form"]
    assert set(form.errors) == {"title", "supporting_units", "deadline"}
    assert "我输入的内容" in content and 'value="两句话的标题。第二句"' in content
    assert 'data-dirty="1"' in content
    task.refresh_from_db()
    assert task.version == 1 and task.body != "我输入的内容"


def test_a_target_must_quote_the_text(editor, draft):
    task = draft.tasks.get(title="推进职工书屋建设")
    prefix = f"task-{task.pk}-targets"
    data = _task_post(task, **{f"{prefix}-2-text": "凭空的指标9个", f"{prefix}-2-value": "9"})
    response = editor.post(reverse("plans:task_edit", args=[task.pk]), data, **HTMX)
    assert not response.context["form"].targets.forms[2].is_valid()
    assert "凭空的指标9个" in response.content.decode()
    data["targets_from_text"] = "on"  # or read from the text: the free-standing one is dropped
    editor.post(reverse("plans:task_edit", args=[task.pk]), data, **HTMX)
    assert sorted(task.targets.values_list("text", flat=True)) == [
        "推荐申报省级示范点5家",
        "新建市级职工书屋30家",
    ]


@pytest.mark.parametrize(
    ("changes", "text", "day"),
    [
        # The phrase typed: its date in the plan year.
        ({"deadline_text": "9月底前"}, "9月底前", datetime.date(2026, 9, 30)),
        # A date picked: the phrase written for it.
        ({"deadline": "2026-10-15"}, "10月15日前", datetime.date(2026, 10, 15)),
        # Long-standing work has no date.
        ({"deadline_text": "长期坚持"}, "长期坚持", None),
        # Only a date for a task that had none: the phrase follows.
        ({"deadline_text": "", "deadline": "2026-08-31"}, "8月31日前", datetime.date(2026, 8, 31)),
    ],
)
def test_deadline_phrase_and_date_fill_each_other_on_saving(editor, draft, changes, text, day):
    task = draft.tasks.get(title="推进职工书屋建设")
    editor.post(reverse("plans:task_edit", args=[task.pk]), _task_post(task, **changes), **HTMX)
    task.refresh_from_db()
    assert (task.deadline_text, task.deadline) == (text, day)


def test_the_deadline_endpoint_reads_phrases_and_writes_dates(editor, draft):
    url = reverse("plans:deadline", args=[draft.pk])
    assert editor.get(url, {"text": "11月底前"}).json() == {
        "date": "2026-11-30",
        "open_ended": False,
        "warning": "",
    }
    assert editor.get(url, {"text": "长期坚持"}).json() == {
        "date": None,
        "open_ended": True,
        "warning": "",
    }
    assert editor.get(url, {"date": "2026-11-30"}).json() == {"text": "11月30日前"}
    assert editor.get(url, {"date": "nonsense"}).json() == {"text": ""}


def test_adding_a_task_appends_it_to_its_section(editor, draft, world):
    section = draft.sections.get(label="二、")
    url = reverse("plans:task_new", args=[section.pk])
    form = editor.get(url, **HTMX)
    assert 'value="（二）"' in form.content.decode()  # the next label
    data = {
        "section": section.pk,
        "label": "（二）",
        "title": "开展职工读书月活动",
        "body": "组织读书分享会10场。",
        "deadline_text": "4月底前",
        "lead_units": [world.unit_b.pk],
        "targets_from_text": "on",
        "task-new-targets-TOTAL_FORMS": 1,
        "task-new-targets-INITIAL_FORMS": 0,
        "task-new-targets-MIN_NUM_FORMS": 0,
        "task-new-targets-MAX_NUM_FORMS": 1000,
    }
    response = editor.post(url, data, **HTMX)
    assert response["HX-Retarget"] == f"#section-{section.pk}-tasks"
    assert response["HX-Reswap"] == "beforeend"
    content = response.content.decode()
    assert "开展职工读书月活动" in content and 'hx-swap-oob="true"' in content
    task = Task.objects.get(title="开展职工读书月活动")
    assert task.deadline == datetime.date(2026, 4, 30)
    assert list(task.targets.values_list("text", "value")) == [("组织读书分享会10场", 10)]
    assert task.lead_units == [world.unit_b]


def test_adding_sections_and_subsections(editor, draft):
    url = reverse("plans:section_new", args=[draft.pk])
    form = editor.get(url, **HTMX)
    assert 'value="三、"' in form.content.decode()
    response = editor.post(url, {"label": "三、", "title": "讲好工人故事"}, **HTMX)
    assert response["HX-Retarget"] == "#plan-sections"
    first = draft.sections.get(label="一、")
    response = editor.post(
        url, {"label": "（四）", "title": "新的小节", "parent": first.pk}, **HTMX
    )
    assert response["HX-Retarget"] == f"#section-{first.pk}-children"
    assert Section.objects.get(title="新的小节").parent == first


def test_moving_and_deleting_redraw_the_tree(editor, draft):
    second = draft.sections.get(label="二、")
    response = editor.post(
        reverse("plans:section_move", args=[second.pk]), {"direction": "up"}, **HTMX
    )
    assert response.templates[0].name == "plans/editor/_tree.html"
    assert response.content.decode().index(
        "加强职工文化阵地建设"
    ) < response.content.decode().index("强化职工思想政治引领")
    task = draft.tasks.get(title="落实意识形态工作责任制")
    editor.post(reverse("plans:task_move", args=[task.pk]), {"direction": "up"}, **HTMX)
    task.refresh_from_db()
    assert task.label == "（一）"
    response = editor.post(reverse("plans:task_delete", args=[task.pk]), **HTMX)
    assert response.templates[0].name == "plans/editor/_tree.html"
    assert not Task.objects.filter(pk=task.pk).exists()
    response = editor.post(reverse("plans:section_delete", args=[second.pk]))
    assert response["Location"] == reverse("plans:edit", args=[draft.pk])
    assert not Section.objects.filter(pk=second.pk).exists()


def test_deleting_asks_first_without_javascript(editor, draft):
    section = draft.sections.get(label="一、")
    response = editor.get(reverse("plans:section_delete", args=[section.pk]))
    assert response.status_code == 200
    assert response.context["task_count"] == 3
    assert Section.objects.filter(pk=section.pk).exists()


def test_section_edit_and_conflict(editor, draft):
    section = draft.sections.get(label="二、")
    url = reverse("plans:section_edit", args=[section.pk])
    data = {"label": "二、", "title": "阵地建设", "body": "", "version": 1}
    response = editor.post(url, data, **HTMX)
    assert response.templates[0].name == "plans/editor/_section_head.html"
    response = editor.post(url, {**data, "title": "另一个标题"}, **HTMX)
    content = response.content.decode()
    assert 'data-testid="conflict"' in content and "阵地建设" in content and "另一个标题" in content
    cancel = editor.get(reverse("plans:section_item", args=[section.pk]), **HTMX)
    assert "阵地建设" in cancel.content.decode()


def test_plan_header_edit(editor, draft):
    url = reverse("plans:header", args=[draft.pk])
    assert 'data-testid="header-form"' in editor.get(url + "?edit=1", **HTMX).content.decode()
    data = {"title": "新的标题", "year": 2026, "preamble": "第一段。\n第二段。", "version": 1}
    response = editor.post(url, data, **HTMX)
    assert response.templates[0].name == "plans/editor/_header.html"
    draft.refresh_from_db()
    assert (draft.title, draft.preamble, draft.version) == ("新的标题", "第一段。\n第二段。", 2)
    response = editor.post(url, {**data, "title": "晚到的标题"}, **HTMX)
    assert 'data-testid="conflict"' in response.content.decode()
    entry = AuditEntry.objects.get(action="plan.update")
    assert entry.before["title"] == "测试市总工会2026年宣传教育工作要点"


def test_a_lost_session_never_replaces_the_form(client, draft):
    """An htmx save after the session ended gets the login page (a redirect); editor.js
    refuses to swap it over the user's input (see test_drafting in the browser)."""
    task = draft.tasks.first()
    response = client.post(reverse("plans:task_edit", args=[task.pk]), {}, **HTMX)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_task_moved_to_another_section_leaves_its_form_and_joins_the_section(editor, draft):
    task = draft.tasks.get(title="推进职工书屋建设")
    first = draft.sections.get(label="一、")
    response = editor.post(
        reverse("plans:task_edit", args=[task.pk]), _task_post(task, section=first.pk), **HTMX
    )
    assert response["HX-Retarget"] == f"#section-{first.pk}-tasks"
    assert response["HX-Reswap"] == "beforeend"
    assert f'<div id="task-{task.pk}" hx-swap-oob="delete"></div>' in response.content.decode()
    titles = [t.title for t in first.tasks.order_by("order")]
    assert titles == ["深入开展理论宣讲", "落实意识形态工作责任制", "推进职工书屋建设"]


def test_a_refused_deletion_says_why_and_redraws_nothing(editor, draft, world):
    from tasks.models import ProgressReport

    task = draft.tasks.get(title="推进职工书屋建设")
    ProgressReport.objects.create(task=task, unit=world.unit_c, role="lead", text="进行中")
    url = reverse("plans:task_delete", args=[task.pk])
    response = editor.post(url, **HTMX)
    assert response.status_code == 204
    assert "editorAlert" in response["HX-Trigger"]
    response = editor.post(url)
    assert response["Location"] == reverse("plans:edit", args=[draft.pk])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert len(messages) == 1
    assert Task.objects.filter(pk=task.pk).exists()
    response = editor.post(reverse("plans:section_delete", args=[task.section_id]), **HTMX)
    assert response.status_code == 204 and Section.objects.filter(pk=task.section_id).exists()


def test_the_first_section_of_a_blank_plan_replaces_the_empty_note(editor, world):
    from tests import factories

    plan = factories.PlanFactory(owner=world.propaganda)
    url = reverse("plans:section_new", args=[plan.pk])
    assert 'id="no-sections"' in editor.get(reverse("plans:edit", args=[plan.pk])).content.decode()
    response = editor.post(url, {"label": "一、", "title": "第一部分"}, **HTMX)
    assert '<p id="no-sections" hx-swap-oob="delete"></p>' in response.content.decode()
    response = editor.post(url, {"label": "二、", "title": "第二部分"}, **HTMX)
    assert "no-sections" not in response.content.decode()


def test_a_target_is_shown_once(editor, draft):
    """ "开展宣讲不少于60场次", not "开展宣讲不少于60场次（60场次）"; a figure the text writes
    differently is added: "服务职工2万人次（20000人次）"."""
    from tests import factories

    task = draft.tasks.get(title="深入开展理论宣讲")
    factories.TargetFactory(task=task, text="服务职工2万人次", value=20000, measure="人次")
    content = editor.get(reverse("plans:edit", args=[draft.pk])).content.decode()
    assert "开展宣讲不少于60场次；" in content
    assert "（60场次）" not in content
    assert "服务职工2万人次（20000人次）" in content


def test_saving_an_unchanged_task_records_nothing(editor, draft):
    """A browser sends a textarea's lines with CR LF; the text is the same and nothing is
    recorded (the first save of an imported task once logged 正文 changed, before = after)."""
    task = draft.tasks.filter(body__contains="\n").first() or draft.tasks.first()
    if "\n" not in task.body:
        task.body = "第一段。\n第二段。"
        task.save()
    before = AuditEntry.objects.count()
    post = _task_post(task, body=task.body.replace("\n", "\r\n"))
    response = editor.post(reverse("plans:task_edit", args=[task.pk]), post)
    assert response.status_code in (200, 302)
    task.refresh_from_db()
    assert "\r" not in task.body
    assert AuditEntry.objects.count() == before
