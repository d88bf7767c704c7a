"""Making a bulletin in the browser: choose its round or period, pick answers as good examples,
generate; insert more examples into the draft later. Bad input gets a message, never a 500."""

from django.urls import reverse

from tasks.models import Writing


def test_pick_examples_then_generate(client, dw):
    client.force_login(dw.planner)
    url = reverse("tasks:bulletin_new", args=[dw.plan.pk])
    assert 'name="examples"' not in client.get(url).content.decode()
    page = client.get(url, {"round": dw.round.pk}).content.decode()
    assert "已完成选址评估" in page and "乙县已开展宣讲12场。" in page
    response = client.post(url, {"round": dw.round.pk, "examples": [dw.answer_a.pk]})
    writing = Writing.objects.get(kind=Writing.Kind.BULLETIN)
    assert response["Location"] == writing.get_absolute_url()
    assert list(writing.examples.all()) == [dw.answer_a]
    assert "甲区总工会（甲的任务）：已完成选址评估，首批书屋挂牌。" in writing.body
    assert writing.title == "关于2026年第三季度进展报送情况的通报"


def test_a_bulletin_over_a_period(client, dw):
    client.force_login(dw.planner)
    url = reverse("tasks:bulletin_new", args=[dw.plan.pk])
    data = {"round": "", "period_start": "2026-07-01", "period_end": "2026-09-30"}
    client.post(url, data)
    writing = Writing.objects.get()
    assert (writing.round, writing.period_start.isoformat()) == (None, "2026-07-01")


def test_bad_scopes_get_a_message(client, dw):
    client.force_login(dw.planner)
    url = reverse("tasks:bulletin_new", args=[dw.plan.pk])
    backwards = client.get(url, {"period_start": "2026-09-30", "period_end": "2026-07-01"})
    assert "结束日期早于开始日期" in backwards.content.decode()
    assert 'value="2026-09-30"' in backwards.content.decode()
    for params in ({"round": "abc"}, {"round": "999999"}, {"period_start": "2026-02-30"}):
        response = client.get(url, params)
        assert response.status_code == 200
        assert response.context["scope_form"].errors
        assert response.context["examples_form"] is None
    nothing = client.post(url, {"round": "", "period_start": "", "period_end": ""})
    assert nothing.status_code == 200 and not Writing.objects.exists()


def test_another_plans_round_is_refused(client, dw):
    from tasks.rounds import service as rounds
    from tests import factories

    other_plan = factories.PlanFactory(owner=dw.propaganda, status="published")
    section = factories.SectionFactory(plan=other_plan)
    task = factories.TaskFactory(section=section)
    factories.ResponsibilityFactory(task=task, unit=dw.unit_a)
    theirs = rounds.open_round(dw.planner, other_plan, name="另一轮", due_date=dw.round.due_date)
    client.force_login(dw.planner)
    url = reverse("tasks:bulletin_new", args=[dw.plan.pk])
    response = client.post(url, {"round": theirs.pk})
    assert response.status_code == 200 and not Writing.objects.exists()


def test_examples_are_inserted_into_the_draft(client, dw):
    client.force_login(dw.planner)
    client.post(reverse("tasks:bulletin_new", args=[dw.plan.pk]), {"round": dw.round.pk})
    writing = Writing.objects.get()
    assert "典型做法" not in writing.body
    url = reverse("tasks:writing_examples", args=[writing.pk])
    client.post(url, {"version": writing.version, "examples": [dw.answer_b.pk]})
    writing.refresh_from_db()
    assert "乙县总工会（乙的任务）：乙县已开展宣讲12场。" in writing.body
    assert writing.version == 2 and list(writing.examples.all()) == [dw.answer_b]
    # A stale page inserts nothing.
    response = client.post(url, {"version": 1, "examples": [dw.answer_a.pk]}, follow=True)
    assert "有人刚刚保存了该文稿" in response.content.decode()
    writing.refresh_from_db()
    assert writing.version == 2
