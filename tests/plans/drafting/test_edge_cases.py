"""Edge cases of the editor that once ended in a server error: labels that are not numerals,
label forms the importer reads but the editor did not continue, leader names longer than the
database allows, dates outside the plan's year written without their year."""

import datetime

import pytest
from django.urls import reverse

from plans.importing import parse_document
from plans.importing.saving import Saver
from plans.models import Leader
from tests import factories
from tests.plans.drafting.conftest import HTMX
from tests.plans.drafting.test_editor_views import _task_post

LEADER_NAME_MAX = Leader._meta.get_field("name").max_length


@pytest.fixture
def editor(client, planner):
    client.force_login(planner)
    return client


def _relabel(section, *labels):
    """Give the section's tasks ``labels`` in order (adding tasks when there are too few)."""
    tasks = list(section.tasks.order_by("order", "pk"))
    while len(tasks) < len(labels):
        tasks.append(
            factories.TaskFactory(section=section, title=f"补充任务{len(tasks)}", order=99)
        )
    for task, label in zip(tasks, labels, strict=False):
        task.label = label
        task.save()
    return tasks


def test_a_label_that_is_not_a_numeral_does_not_break_adding_a_task(editor, draft):
    section = draft.sections.get(label="二、")
    _relabel(section, "十十、")
    response = editor.get(reverse("plans:task_new", args=[section.pk]), **HTMX)
    assert response.status_code == 200
    # "十十" is not a number: the task gets the first label of its depth.
    assert 'value="（一）"' in response.content.decode()


def test_a_label_that_is_not_a_numeral_does_not_break_moving(editor, draft):
    section = draft.sections.get(label="二、")
    _first, second = _relabel(section, "十十、", "（二）")
    response = editor.post(
        reverse("plans:task_move", args=[second.pk]), {"direction": "up"}, **HTMX
    )
    assert response.status_code == 200
    labels = list(section.tasks.order_by("order").values_list("label", flat=True))
    assert labels == ["（二）", "十十、"]  # moved, labels left as written


@pytest.mark.parametrize(
    ("labels", "following"),
    [(["⑴", "⑵"], "⑶"), (["㈠"], "㈡"), (["⒈", "⒉", "⒊"], "⒋"), (["①"], "②")],
)
def test_every_label_form_the_importer_reads_is_continued(editor, draft, labels, following):
    section = draft.sections.get(label="二、")
    _relabel(section, *labels)
    response = editor.get(reverse("plans:task_new", args=[section.pk]), **HTMX)
    assert f'value="{following}"' in response.content.decode()


def test_moving_enclosed_labels_swaps_their_numbers(editor, draft):
    section = draft.sections.get(label="二、")
    first, second = _relabel(section, "⑴", "⑵")
    editor.post(reverse("plans:task_move", args=[second.pk]), {"direction": "up"}, **HTMX)
    moved = list(section.tasks.order_by("order").values_list("title", "label"))
    assert moved == [(second.title, "⑴"), (first.title, "⑵")]


def test_a_leader_name_too_long_is_refused_and_the_typing_kept(editor, draft):
    task = draft.tasks.get(title="推进职工书屋建设")
    name = "长" * (LEADER_NAME_MAX + 1)
    url = reverse("plans:task_edit", args=[task.pk])
    response = editor.post(url, _task_post(task, new_leaders=f"王强、{name}"), **HTMX)
    assert response.status_code == 200
    assert name in response.content.decode()  # the user's typing stays in the form
    [error] = response.context["form"].errors["new_leaders"]
    assert str(LEADER_NAME_MAX) in error and name in error
    assert not Leader.objects.filter(name__in=["王强", name]).exists()
    task.refresh_from_db()
    assert task.version == 1


def test_an_imported_leader_name_too_long_does_not_stop_the_import(federation):
    owner = factories.UnitFactory(name="宣教部", parent=federation)
    name = "长" * (LEADER_NAME_MAX + 10)
    text = (
        "测试市总工会2026年宣传教育工作要点\n"
        "一、强化思想引领\n"
        f"（一）深入开展理论宣讲。（责任领导：{name}；责任部门：宣教部；完成时限：全年）\n"
    )
    plan = Saver(owner).save(parse_document(text))
    leader = plan.tasks.get().leaders[0]
    assert leader.name == name[:LEADER_NAME_MAX]


def test_a_date_outside_the_plan_year_is_written_with_its_year(editor, draft):
    task = draft.tasks.get(title="推进职工书屋建设")
    url = reverse("plans:task_edit", args=[task.pk])
    editor.post(url, _task_post(task, deadline="2027-03-31"), **HTMX)
    task.refresh_from_db()
    assert (task.deadline_text, task.deadline) == ("2027年3月31日前", datetime.date(2027, 3, 31))
    deadline = reverse("plans:deadline", args=[draft.pk])
    assert editor.get(deadline, {"date": "2027-03-31"}).json() == {"text": "2027年3月31日前"}
    assert editor.get(deadline, {"date": "2026-03-31"}).json() == {"text": "3月31日前"}
