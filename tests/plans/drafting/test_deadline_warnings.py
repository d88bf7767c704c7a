"""Deadlines that do not tell the truth are warned about, never refused: in the editor's task
form and in the publishing checklist (unreadable, implausible, already past)."""

import datetime

from django.urls import reverse

from plans.drafting import publishing
from tests.plans.drafting.conftest import HTMX
from tests.plans.drafting.test_editor_views import _task_post


def test_the_checklist_warns_of_implausible_and_past_deadlines_without_blocking(draft):
    books = draft.tasks.get(title="推进职工书屋建设")
    books.deadline_text, books.deadline = "2099年12月底前", datetime.date(2099, 12, 31)
    books.save()
    # On 30 November "6月底前" is past; "11月底前" (the 30th) is not, yet.
    check = publishing.checklist(draft, today=datetime.date(2026, 11, 30))
    assert check.ready
    warned = {item.task.title: [str(r) for r in item.reasons] for item in check.warnings}
    assert set(warned) == {"推进职工书屋建设", "组织主题征文活动"}
    assert "2099" in warned["推进职工书屋建设"][0]
    assert warned["组织主题征文活动"] == ["完成时限2026年6月30日已过"]
    assert publishing.checklist(draft, today=datetime.date(2026, 6, 30)).warnings[0].task == books


def test_an_unreadable_deadline_blocks_once_and_is_not_warned_twice(draft):
    books = draft.tasks.get(title="推进职工书屋建设")
    books.deadline_text, books.deadline = "13月底前", None
    books.save()
    check = publishing.checklist(draft, today=datetime.date(2026, 1, 1))
    assert [b.task for b in check.blockers] == [books]
    assert check.warnings == []


def test_the_publish_page_lists_the_warnings(client, planner, draft):
    books = draft.tasks.get(title="推进职工书屋建设")
    books.deadline_text, books.deadline = "2099年12月底前", datetime.date(2099, 12, 31)
    books.save()
    client.force_login(planner)
    content = client.get(reverse("plans:publish", args=[draft.pk])).content.decode()
    assert 'data-testid="deadline-warnings"' in content
    assert "2099年12月31日" in content
    assert 'data-testid="publish"' in content and "disabled" not in content.split("publish")[-1]


def test_the_task_form_keeps_an_unreadable_phrase_saves_it_and_warns(client, planner, draft):
    client.force_login(planner)
    task = draft.tasks.get(title="推进职工书屋建设")
    url = reverse("plans:task_edit", args=[task.pk])
    assert 'data-testid="deadline-warning"' in client.get(url, **HTMX).content.decode()
    assert "d-none" in client.get(url, **HTMX).content.decode().split("deadline-warning")[0][-200:]
    data = _task_post(task, deadline_text="13月底前", deadline="")
    response = client.post(url, data, **HTMX)
    assert response.templates[0].name == "plans/editor/_task.html"
    task.refresh_from_db()
    assert (task.deadline_text, task.deadline) == ("13月底前", None)
    form = client.get(url, **HTMX).content.decode()
    assert 'value="13月底前"' in form
    assert "13月底前”" in form.split('data-testid="deadline-warning"')[1][:300]


def test_the_deadline_endpoint_says_what_is_wrong(client, planner, draft):
    client.force_login(planner)
    url = reverse("plans:deadline", args=[draft.pk])
    assert "2099" in client.get(url, {"text": "2099年12月底前"}).json()["warning"]
    assert client.get(url, {"text": "13月底前"}).json()["warning"]
    assert client.get(url, {"text": "2027年12月底前"}).json()["warning"] == ""
