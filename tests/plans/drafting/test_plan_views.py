"""New plans, publishing and archiving, the change log, the print view and the downloads."""

import io
import re
from urllib.parse import quote

import docx
import openpyxl
import pytest
from django.urls import reverse

from plans.models import AuditEntry, Plan, Task
from tasks.models import Notification


@pytest.fixture
def editor(client, planner):
    client.force_login(planner)
    return client


def test_the_plan_list_offers_new_plans_by_year_and_owner(editor, draft, world):
    content = editor.get(reverse("plans:list")).content.decode()
    assert reverse("plans:new") in content
    assert reverse("plans:import") in content
    assert content.count('data-testid="owner"') == 1  # one owner, 宣教部, in 2026


def test_new_plan_page_offers_copy_import_and_blank(editor, draft):
    response = editor.get(reverse("plans:new") + f"?copy={draft.pk}")
    assert response.status_code == 200
    copy = response.context["copy"]
    assert copy["source"].value() == draft.pk and copy["year"].value() == 2027
    content = response.content.decode()
    assert reverse("plans:import") in content and 'data-testid="blank-form"' in content


def test_a_blank_plan(editor, world):
    response = editor.post(
        reverse("plans:new"),
        {
            "mode": "blank",
            "blank-owner": world.propaganda.pk,
            "blank-year": 2027,
            "blank-title": "2027年宣传教育工作要点",
        },
    )
    plan = Plan.objects.get(title="2027年宣传教育工作要点")
    assert response["Location"] == reverse("plans:edit", args=[plan.pk])
    assert plan.status == Plan.Status.DRAFT and not plan.sections.exists()
    assert AuditEntry.objects.get(plan=plan).action == "plan.create"


def test_a_copy_of_last_years_plan(editor, draft):
    draft.tasks.filter(title="深入开展理论宣讲").update(status=Task.Status.DONE)
    response = editor.post(
        reverse("plans:new"),
        {
            "mode": "copy",
            "copy-source": draft.pk,
            "copy-owner": draft.owner_id,
            "copy-year": 2027,
            "copy-title": "",
            "copy-only_open": "on",
        },
    )
    plan = Plan.objects.get(year=2027)
    assert response["Location"] == reverse("plans:edit", args=[plan.pk])
    assert plan.title == "测试市总工会2027年宣传教育工作要点"
    assert plan.tasks.count() == 3


def test_invalid_new_plan_keeps_what_was_typed(editor, draft, other_planner):
    response = editor.post(
        reverse("plans:new"),
        {
            "mode": "blank",
            "blank-owner": other_planner.unit_id,
            "blank-year": 1800,
            "blank-title": "我的标题",
        },
    )
    assert response.status_code == 200
    assert set(response.context["blank"].errors) == {"owner", "year"}
    assert 'value="我的标题"' in response.content.decode()


def test_a_copy_cannot_go_to_another_federation(client, draft, other_planner):
    client.force_login(other_planner)
    assert client.get(reverse("plans:new") + f"?copy={draft.pk}").status_code == 404
    response = client.post(
        reverse("plans:new"),
        {
            "mode": "copy",
            "copy-source": draft.pk,
            "copy-owner": other_planner.unit_id,
            "copy-year": 2027,
        },
    )
    assert "source" in response.context["copy"].errors
    assert not Plan.objects.filter(year=2027).exists()


def test_publish_checklist_links_each_blocking_task_to_its_form(editor, draft):
    books = draft.tasks.get(title="推进职工书屋建设")
    books.responsibilities.filter(role="lead").delete()
    url = reverse("plans:publish", args=[draft.pk])
    response = editor.get(url)
    content = response.content.decode()
    assert content.count('data-testid="blocker"') == 1
    assert f"{reverse('plans:task_edit', args=[books.pk])}?next={url}" in content
    assert "disabled" in content
    response = editor.post(url)
    assert response["Location"] == url
    draft.refresh_from_db()
    assert draft.status == Plan.Status.DRAFT


def test_a_checklist_with_no_unit_to_notify_does_not_tick_it(editor, draft):
    """A plan whose tasks have no lead unit notifies nobody: that line is no success."""
    from plans.models import Responsibility

    Responsibility.objects.filter(task__plan=draft).exclude(role="leader").delete()
    content = editor.get(reverse("plans:publish", args=[draft.pk])).content.decode()
    [line] = re.findall(r'data-testid="unit-count">([^<]*)<', content)
    assert line.startswith("✘")
    assert "0" in line


def test_each_blocking_task_names_its_section_on_a_line_of_its_own(editor, draft):
    draft.tasks.filter(title="推进职工书屋建设").update(deadline=None, deadline_text="")
    content = editor.get(reverse("plans:publish", args=[draft.pk])).content.decode()
    [blocker] = re.findall(r'data-testid="blocker">(.*?)</li>', content, re.S)
    assert 'class="d-block small text-body-secondary"' in blocker


def test_fixing_a_blocking_task_returns_to_the_checklist(editor, draft, world):
    from tests.plans.drafting.test_editor_views import _task_post

    books = draft.tasks.get(title="推进职工书屋建设")
    url = reverse("plans:publish", args=[draft.pk])
    data = _task_post(books, next=url, lead_units=[world.unit_c.pk])
    response = editor.post(reverse("plans:task_edit", args=[books.pk]), data)
    assert response["Location"] == url


def test_publishing_from_the_checklist(editor, draft, world):
    response = editor.post(reverse("plans:publish", args=[draft.pk]))
    assert response["Location"] == draft.get_absolute_url()
    draft.refresh_from_db()
    assert draft.status == Plan.Status.PUBLISHED
    assert Notification.objects.filter(recipient=world.reporter_c).count() == 1


def test_archiving_makes_the_plan_read_only(editor, draft):
    assert editor.get(reverse("plans:archive", args=[draft.pk])).status_code == 200
    editor.post(reverse("plans:archive", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Plan.Status.ARCHIVED
    task = draft.tasks.first()
    for url in (
        reverse("plans:edit", args=[draft.pk]),
        reverse("plans:task_edit", args=[task.pk]),
        reverse("plans:publish", args=[draft.pk]),
    ):
        assert editor.get(url).status_code == 403
    assert editor.post(reverse("plans:task_delete", args=[task.pk])).status_code == 403
    # Still readable, printable and exportable.
    for name in ("plans:detail", "plans:print", "tasks:ledger", "plans:export_docx"):
        assert editor.get(reverse(name, args=[draft.pk])).status_code == 200
    for name in ("tasks:export_xlsx", "plans:history"):
        assert editor.get(reverse(name, args=[draft.pk])).status_code == 200


def test_the_change_log_lists_who_changed_what(editor, draft, planner):
    from tests.plans.drafting.test_editor_views import _task_post

    task = draft.tasks.get(title="推进职工书屋建设")
    editor.post(
        reverse("plans:task_edit", args=[task.pk]),
        _task_post(task, deadline_text="10月底前", deadline="2026-10-31"),
    )
    response = editor.get(reverse("plans:history", args=[draft.pk]))
    content = response.content.decode()
    assert content.count('data-testid="audit-entry"') == 1
    assert planner.username in content
    assert "11月底前" in content and "10月底前" in content
    assert "2026-11-30" in content and "2026-10-31" in content


def test_a_unit_sees_the_changes_of_its_own_tasks_only(client, draft, planner, world):
    from plans import audit
    from plans.drafting import publishing

    publishing.publish(draft, user=planner)
    books = draft.tasks.get(title="推进职工书屋建设")
    talks = draft.tasks.get(title="深入开展理论宣讲")
    audit.record(planner, "task.update", task=books, summary="书屋的变更")
    audit.record(planner, "task.update", task=talks, summary="宣讲的变更")
    client.force_login(world.reporter_c)
    content = client.get(reverse("plans:history", args=[draft.pk])).content.decode()
    assert "书屋的变更" in content and "宣讲的变更" not in content
    assert content.count('data-testid="audit-entry"') == 1  # not the publication either


def test_the_print_view_is_the_official_document(editor, draft):
    response = editor.get(reverse("plans:print", args=[draft.pk]))
    content = response.content.decode()
    assert 'class="print-page official-page"' in content
    assert content.count('data-testid="print-task"') == 4
    assert "（责任领导：张慧；责任部门：宣教部，甲区总工会、乙县总工会；完成时限：全年）" in content
    assert '<strong class="doc-task-title">（一）深入开展理论宣讲。</strong>' in content


def _filename(response):
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    return disposition


def test_word_download_has_a_chinese_file_name(editor, draft):
    response = editor.get(reverse("plans:export_docx", args=[draft.pk]))
    disposition = _filename(response)
    assert f"filename*=UTF-8''{quote(draft.title + '.docx')}" in disposition
    assert f'filename="plan-{draft.pk}.docx"' in disposition
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document = docx.Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == draft.title


def test_excel_download_is_the_ledger(editor, draft):
    response = editor.get(reverse("tasks:export_xlsx", args=[draft.pk]))
    disposition = _filename(response)
    assert "filename*=UTF-8''" in disposition and ".xlsx" in disposition
    assert f'filename="plan-{draft.pk}-ledger.xlsx"' in disposition
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 6


def test_the_publishing_date_is_written_in_the_pages_language(editor, draft):
    import datetime

    draft.status = Plan.Status.PUBLISHED
    draft.published_at = datetime.datetime(2026, 11, 29, 23, 30, tzinfo=datetime.UTC)
    draft.save()
    for url in (reverse("plans:list"), draft.get_absolute_url()):
        content = editor.get(url).content.decode()
        assert "2026年11月30日发布" in content, url
        assert "2026-11-30发布" not in content, url
    editor.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = editor.get(reverse("plans:list")).content.decode()
    assert "published Nov. 30, 2026" in content


def _plan_actions(content):
    """The plan page's action bar: the buttons shown, and the items of its "More" menu."""
    import re

    start = content.index('data-testid="plan-actions"')
    bar = content[start : content.index("</div>\n</div>", start)]
    menu_start = bar.find('data-testid="more-menu"')
    shown, menu = (bar[:menu_start], bar[menu_start:]) if menu_start >= 0 else (bar, "")
    ids = re.compile(r'class="([^"]*)"[^>]*data-testid="([a-z-]+)"')
    return [(m[2], m[1]) for m in ids.finditer(shown)], [m[2] for m in ids.finditer(menu)]


def test_a_draft_shows_edit_first_and_the_rest_in_a_menu(editor, draft):
    shown, menu = _plan_actions(editor.get(draft.get_absolute_url()).content.decode())
    buttons = [name for name, classes in shown if "btn" in classes]
    assert buttons[:2] == ["edit-plan", "publish-link"]
    assert "more-actions" in buttons and len(buttons) <= 4
    assert "archive-link" not in buttons + menu  # a draft is not archived
    assert {"history-link", "print-link", "export-docx", "export-xlsx"} <= set(menu)


def test_only_a_published_plan_offers_archiving_and_not_in_red(editor, draft):
    draft.status = Plan.Status.PUBLISHED
    draft.save()
    content = editor.get(draft.get_absolute_url()).content.decode()
    shown, menu = _plan_actions(content)
    assert "archive-link" in menu
    assert "publish-link" not in [name for name, _ in shown]
    assert (
        "danger"
        not in content[content.index('data-testid="plan-actions"') :]
        .split('data-testid="archive-link"')[0]
        .rsplit("<a", 1)[1]
    )


def test_new_plans_belong_to_the_planners_department_by_default(editor, world):
    """The blank and the copy forms both start with the planner's own unit as owner."""
    response = editor.get(reverse("plans:new"))
    for form in (response.context["blank"], response.context["copy"]):
        assert form["owner"].value() == world.planner.unit_id
    content = response.content.decode()
    assert f'<option value="{world.planner.unit_id}" selected>' in content


def test_the_new_plan_page_names_every_kind_of_document_the_import_reads(editor):
    content = editor.get(reverse("plans:new")).content.decode()
    [card] = re.findall(r'data-testid="import-card">(.*?)</div>', content, re.S)
    for kind in ("PDF", "Excel", ".doc", "WPS"):
        assert kind in card


def test_an_empty_plan_list_says_how_to_start(client, world):
    """A planner of a new federation is told where a plan comes from; a unit what to wait for."""
    from plans.models import User
    from tests import factories

    federation = factories.UnitFactory(name="新市总工会")
    department = factories.UnitFactory(name="新市宣教部", parent=federation)
    planner = factories.UserFactory(role=User.Role.PLANNER, unit=department)
    client.force_login(planner)
    content = client.get(reverse("plans:list")).content.decode()
    [empty] = re.findall(r'data-testid="no-plans">(.*?)</div>', content, re.S)
    assert "导入文档" in empty and "新建工作要点" in empty
    client.force_login(factories.UserFactory(role=User.Role.REPORTER, unit=department))
    content = client.get(reverse("plans:list")).content.decode()
    [empty] = re.findall(r'data-testid="no-plans">(.*?)</div>', content, re.S)
    assert "发布" in empty and "导入文档" not in empty
