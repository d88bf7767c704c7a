"""A unit's page of a round: answering with the progress report form (statement, percent,
figures, links, files), several tasks from one page, what is answered, an answer refused by a
round closed meanwhile kept on screen (and saved as a progress report if the unit wants),
re-opened rounds, and constant queries as the round grows."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Task
from tasks.models import ProgressReport, RoundItem
from tasks.rounds import service
from tasks.workspace import workflow
from tasks.workspace.attachments import KINDS
from tests import factories
from tests.growth import grow
from tests.tasks.workspace import files

DUE = datetime.date(2099, 9, 30)
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _open(world, **kwargs):
    return service.open_round(
        world.planner, world.plan, name="第三季度进展报送", due_date=DUE, **kwargs
    )


def _page(rnd, unit):
    return reverse("tasks:round_unit", args=[rnd.pk, unit.pk])


def _answer_data(task, text="本季度开展了读书活动", **fields):
    data = {f"t{task.pk}-task": task.pk, f"t{task.pk}-text": text, f"t{task.pk}-percent": "30"}
    data.update({f"t{task.pk}-{name}": value for name, value in fields.items()})
    return data


def test_a_unit_answers_with_figures_links_and_files(client, world):
    target = factories.TargetFactory(task=world.task_a, text="新建职工书屋", value=30)
    rnd = _open(world)
    client.force_login(world.reporter_a)
    photo = files.upload("活动.png", files.png())
    data = _answer_data(
        world.task_a,
        **{f"target_{target.pk}": "12", "links": "报道 https://example.org/a", "files": photo},
    )
    response = client.post(_page(rnd, world.unit_a), data)
    assert response.status_code == 302
    report = RoundItem.objects.get(round=rnd, unit=world.unit_a).report
    assert (report.text, report.percent) == ("本季度开展了读书活动", 30)
    assert [(f.target, f.value) for f in report.figures.all()] == [(target, Decimal(12))]
    assert [link.url for link in report.links.all()] == ["https://example.org/a"]
    assert [a.original_name for a in report.attachments.all()] == ["活动.png"]
    # One progress report: the answer is the report shown on the task.
    assert ProgressReport.objects.get() == report
    page = client.get(_page(rnd, world.unit_a)).content.decode()
    assert "新建职工书屋：<strong>12</strong>" in page
    assert 'data-testid="attachment"' in page


def test_several_tasks_are_answered_one_after_the_other_from_one_page(client, world):
    grow(world, tasks=3, supporting=[])
    rnd = _open(world)
    client.force_login(world.reporter_a)
    page = client.get(_page(rnd, world.unit_a), **ZH)
    # The tasks in the order the page lists them.
    tasks = [Task.objects.get(pk=row.item.task_id) for row in page.context["page"].rows]
    content = page.content.decode()
    assert content.count('data-testid="answer-form"') == 4
    assert "已答复 0 项，共 4 项" in content
    response = client.post(_page(rnd, world.unit_a), _answer_data(tasks[0]))
    # On to the next task to answer.
    assert response["Location"].endswith(f"#item-{tasks[1].pk}")
    response = client.post(_page(rnd, world.unit_a), _answer_data(tasks[2]))
    assert response["Location"].endswith(f"#item-{tasks[3].pk}")
    response = client.post(_page(rnd, world.unit_a), _answer_data(tasks[3]))
    assert response["Location"].endswith(f"#item-{tasks[1].pk}")
    content = client.get(_page(rnd, world.unit_a), **ZH).content.decode()
    assert "已答复 3 项，共 4 项" in content
    assert content.count('data-testid="answer"') == 3
    assert content.count('data-testid="not-answered"') == 1
    # The answered tasks' forms are folded away; the one left is open.
    assert content.count('<details class="border-top pt-2" open>') == 1


def test_the_form_starts_from_the_units_last_percent_and_figures(client, world):
    target = factories.TargetFactory(task=world.task_a, text="新建职工书屋", value=30)
    workflow.report(
        world.reporter_a, world.task_a, world.unit_a, text="上次", percent=45, figures={target: 7}
    )
    rnd = _open(world)
    client.force_login(world.reporter_a)
    response = client.get(_page(rnd, world.unit_a), **ZH)
    form = response.context["page"].rows[0].form
    assert form.initial["percent"] == 45
    assert "7" in str(form.fields[f"target_{target.pk}"].help_text)


def test_a_bad_percent_is_shown_again_with_the_text(client, world):
    rnd = _open(world)
    client.force_login(world.reporter_a)
    data = _answer_data(world.task_a, "写了很多字", percent="abc")
    response = client.post(_page(rnd, world.unit_a), data)
    assert response.status_code == 200
    assert "写了很多字" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_post_without_a_task_of_the_round_changes_nothing(client, world):
    rnd = _open(world)
    client.force_login(world.reporter_a)
    response = client.post(_page(rnd, world.unit_a), _answer_data(world.task_b))
    assert response.status_code == 200
    assert not ProgressReport.objects.exists()


def test_an_answer_typed_into_a_round_closed_meanwhile_is_kept_and_explained(client, world):
    rnd = _open(world)
    client.force_login(world.reporter_a)
    client.get(_page(rnd, world.unit_a))
    service.close(world.planner, rnd)
    data = _answer_data(world.task_a, "来不及提交的进展")
    response = client.post(_page(rnd, world.unit_a), data, **ZH)
    assert response.status_code == 200
    content = response.content.decode()
    assert "来不及提交的进展" in content
    assert "本轮报送已于" in content
    assert 'data-testid="save-as-report"' in content
    # Only the form typed into is left: the round takes no other answer.
    assert content.count('data-testid="answer-form"') == 1
    assert not ProgressReport.objects.exists()


def test_files_sent_to_a_closed_round_are_asked_for_again(client, world):
    rnd = _open(world)
    service.close(world.planner, rnd)
    client.force_login(world.reporter_a)
    photo = files.upload("活动.png", files.png())
    data = _answer_data(world.task_a, "附照片", files=photo)
    response = client.post(_page(rnd, world.unit_a), data, **ZH)
    assert "请重新选择文件" in response.content.decode()


def test_the_kept_answer_can_be_saved_as_a_progress_report(client, world):
    rnd = _open(world)
    service.close(world.planner, rnd)
    client.force_login(world.reporter_a)
    data = {**_answer_data(world.task_a, "改作进展报告"), "as_report": "1"}
    response = client.post(_page(rnd, world.unit_a), data)
    assert response["Location"] == f"{world.task_a.get_absolute_url()}#reports"
    report = ProgressReport.objects.get()
    assert (report.task, report.unit, report.text) == (world.task_a, world.unit_a, "改作进展报告")
    # Not an answer to the closed round.
    assert not RoundItem.objects.filter(report__isnull=False).exists()


def test_save_as_report_in_a_round_open_again_answers_the_round(client, world):
    rnd = _open(world)
    client.force_login(world.reporter_a)
    data = {**_answer_data(world.task_a, "又开了"), "as_report": "1"}
    response = client.post(_page(rnd, world.unit_a), data)
    assert response.status_code == 302
    assert RoundItem.objects.get(round=rnd, unit=world.unit_a).report.text == "又开了"


def test_a_closed_round_shows_its_answers_and_no_form(client, world):
    rnd = _open(world)
    service.answer(world.reporter_a, rnd, world.task_a, world.unit_a, text="办了")
    service.close(world.planner, rnd)
    client.force_login(world.reporter_a)
    content = client.get(_page(rnd, world.unit_a)).content.decode()
    assert 'data-testid="round-closed"' in content
    assert "办了" in content
    assert 'data-testid="answer-form"' not in content


def test_a_reopened_round_keeps_the_answers_and_takes_new_ones(client, world):
    rnd = _open(world)
    first = service.answer(world.reporter_a, rnd, world.task_a, world.unit_a, text="第一次")
    service.close(world.planner, rnd)
    service.reopen(world.planner, rnd)
    client.force_login(world.reporter_a)
    content = client.get(_page(rnd, world.unit_a), **ZH).content.decode()
    assert "第一次" in content and "再次报送" in content
    client.post(_page(rnd, world.unit_a), _answer_data(world.task_a, "第二次"))
    item = RoundItem.objects.get(round=rnd, unit=world.unit_a)
    assert item.report.text == "第二次"
    # The first answer stays on the task as a progress report.
    assert ProgressReport.objects.filter(pk=first.pk).exists()


def test_a_done_task_takes_no_answer(client, world):
    rnd = _open(world)
    Task.objects.filter(pk=world.task_a.pk).update(status=Task.Status.DONE)
    client.force_login(world.reporter_a)
    response = client.get(_page(rnd, world.unit_a))
    assert 'data-testid="answer-form"' not in response.content.decode()
    response = client.post(_page(rnd, world.unit_a), _answer_data(world.task_a, "还想报"))
    assert response.status_code == 200
    assert "还想报" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_those_who_follow_the_round_see_the_answers_without_forms(client, world):
    rnd = _open(world)
    service.answer(world.reporter_a, rnd, world.task_a, world.unit_a, text="办了")
    client.force_login(world.planner)
    content = client.get(_page(rnd, world.unit_a)).content.decode()
    assert "办了" in content
    assert 'data-testid="answer-form"' not in content


def test_the_unit_page_keeps_its_queries_as_the_round_grows(
    client, world, django_assert_num_queries
):
    factories.TargetFactory(task=world.task_a)
    rnd = _open(world)
    service.answer(world.reporter_a, rnd, world.task_a, world.unit_a, text="办了", percent=5)
    client.force_login(world.reporter_a)
    client.get(_page(rnd, world.unit_a))
    with CaptureQueriesContext(connection) as small:
        client.get(_page(rnd, world.unit_a))
    grown = grow(world, tasks=25, reports=True)
    big = _open(world)
    for task in grown[:10]:
        photo = files.upload("p.png", files.png())
        service.answer(
            world.reporter_a,
            big,
            task,
            world.unit_a,
            text="办了",
            percent=20,
            figures={task.targets.get(): 3},
            links=[("https://example.org/x", "报道")],
            files=[(photo, KINDS["png"])],
        )
    with django_assert_num_queries(len(small)):
        response = client.get(_page(big, world.unit_a))
    assert response.content.decode().count('data-testid="round-item"') == 26
