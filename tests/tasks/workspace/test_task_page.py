"""The task page of a unit: acknowledge, report with figures, links and files, request
completion or an extension; what the planner and the leader see there."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import AuditEntry, Task
from tasks.models import Acknowledgement, Attachment, ExtensionRequest, ProgressReport
from tasks.workspace import workflow
from tests.growth import grow
from tests.tasks.workspace import files
from tests.tasks.workspace.factories import ProgressReportFactory


def _url(name, task):
    return reverse(f"tasks:{name}", args=[task.pk])


def _page(client, task):
    response = client.get(_url("detail", task))
    assert response.status_code == 200
    return response.content.decode()


def _report_data(ws, **extra):
    data = {
        "text": "新建书屋12家，举办读书分享会3场",
        "percent": "40",
        f"target_{ws.target.pk}": "12",
        "links": "",
    }
    data.update(extra)
    return data


def test_acknowledge(client, ws):
    client.force_login(ws.reporter_a)
    assert 'data-testid="acknowledge"' in _page(client, ws.task_a)
    response = client.post(_url("acknowledge", ws.task_a))
    assert response.status_code == 302 and response["Location"] == _url("detail", ws.task_a)
    acknowledgement = Acknowledgement.objects.get(task=ws.task_a, unit=ws.unit_a)
    assert acknowledgement.user == ws.reporter_a
    page = _page(client, ws.task_a)
    assert 'data-testid="acknowledge"' not in page
    assert 'data-testid="acknowledged"' in page
    client.post(_url("acknowledge", ws.task_a))
    assert Acknowledgement.objects.filter(task=ws.task_a).count() == 1


def test_report_with_photo_figure_and_link(client, ws, media):
    client.force_login(ws.reporter_a)
    data = _report_data(
        ws, links="书屋揭牌 https://mp.weixin.qq.com/s/xyz\nhttps://news.example.cn/1"
    )
    data["files"] = [
        files.upload("现场照片.png", files.png()),
        files.upload("总结.docx", files.ooxml("docx")),
    ]
    response = client.post(_url("report", ws.task_a), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    report = ProgressReport.objects.get()
    assert (report.text, report.percent, report.unit) == (data["text"], 40, ws.unit_a)
    assert [f.value for f in report.figures.all()] == [12]
    assert [(link.title, link.url) for link in report.links.all()] == [
        ("书屋揭牌", "https://mp.weixin.qq.com/s/xyz"),
        ("", "https://news.example.cn/1"),
    ]
    photo, document = Attachment.objects.order_by("pk")
    assert (photo.kind, document.kind) == ("png", "docx")
    page = _page(client, ws.task_a)
    assert data["text"] in page
    assert reverse("tasks:attachment", args=[photo.pk]) in page
    assert "总结.docx" in page
    assert 'data-testid="target-total">12 / 30家' in page
    assert "/media" not in page  # files have no public address


def test_refused_file_keeps_what_was_typed(client, ws, media):
    client.force_login(ws.reporter_a)
    data = _report_data(ws, links="https://mp.weixin.qq.com/s/xyz")
    data["files"] = [files.upload("setup.png", files.EXE), files.upload("ok.png", files.png())]
    response = client.post(_url("report", ws.task_a), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "setup.png" in page and "is-invalid" in page
    assert data["text"] in page
    assert 'name="percent" value="40"' in page
    assert f'name="target_{ws.target.pk}" value="12"' in page
    assert "https://mp.weixin.qq.com/s/xyz" in page
    assert not ProgressReport.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_file_over_the_limit(client, ws, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    client.force_login(ws.reporter_a)
    data = _report_data(ws)
    data["files"] = [files.upload("big.pdf", files.PDF + b"0" * (1024 * 1024))]
    page = client.post(_url("report", ws.task_a), data).content.decode()
    assert "big.pdf" in page and "1 MB" in page
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("percent", "120"), ("text", ""), ("links", "not a link"), ("target", "-1")],
)
def test_invalid_report_is_not_saved(client, ws, field, value):
    client.force_login(ws.reporter_a)
    key = f"target_{ws.target.pk}" if field == "target" else field
    response = client.post(_url("report", ws.task_a), _report_data(ws, **{key: value}))
    assert response.status_code == 200
    assert not ProgressReport.objects.exists()


def test_supporting_unit_reports_its_part_but_cannot_close(client, ws):
    client.force_login(ws.reporter_b)
    page = _page(client, ws.task_a)
    assert 'data-testid="report-form"' in page
    assert 'data-testid="submit-completion"' not in page
    assert 'data-testid="submit-extension"' not in page
    response = client.post(_url("report", ws.task_a), _report_data(ws, percent="100"))
    assert response.status_code == 302
    assert ProgressReport.objects.get().role == "supporting"


def test_lead_requests_completion_and_sees_it_pending(client, ws):
    client.force_login(ws.reporter_a)
    assert 'data-testid="submit-completion"' in _page(client, ws.task_a)
    response = client.post(
        _url("request_completion", ws.task_a), {"note": "全部完成", "confirm_gaps": "on"}
    )
    assert response.status_code == 302
    assert Task.objects.get(pk=ws.task_a.pk).status == Task.Status.COMPLETION_REQUESTED
    page = _page(client, ws.task_a)
    assert 'data-testid="pending-completion"' in page
    assert 'data-testid="accept-completion"' not in page  # the unit does not review
    assert 'data-testid="submit-completion"' not in page


def test_completion_request_needs_a_summary(client, ws):
    client.force_login(ws.reporter_a)
    response = client.post(_url("request_completion", ws.task_a), {"note": ""})
    assert response.status_code == 200
    assert Task.objects.get(pk=ws.task_a.pk).status == Task.Status.NOT_STARTED


def test_planner_reviews_on_the_task_page(client, ws):
    workflow.request_completion(ws.reporter_a, ws.task_a, ws.unit_a, "完成")
    client.force_login(ws.planner)
    page = _page(client, ws.task_a)
    assert 'data-testid="accept-completion"' in page
    assert 'data-testid="report-form"' not in page


def test_extension_request(client, ws, today):
    client.force_login(ws.reporter_a)
    url = _url("request_extension", ws.task_a)
    too_early = {"proposed_deadline": ws.task_a.deadline.isoformat(), "reason": "x"}
    response = client.post(url, too_early)
    assert response.status_code == 200 and not ExtensionRequest.objects.exists()
    later = ws.task_a.deadline + datetime.timedelta(days=31)
    response = client.post(url, {"proposed_deadline": later.isoformat(), "reason": "场地改造"})
    assert response.status_code == 302
    extension = ExtensionRequest.objects.get()
    assert (extension.proposed_deadline, extension.old_deadline) == (later, ws.task_a.deadline)
    page = _page(client, ws.task_a)
    assert 'data-testid="pending-extension"' in page
    assert 'data-testid="submit-extension"' not in page


def test_done_task_takes_no_report(client, ws):
    Task.objects.filter(pk=ws.task_a.pk).update(status=Task.Status.DONE)
    client.force_login(ws.reporter_a)
    assert 'data-testid="report-form"' not in _page(client, ws.task_a)
    response = client.post(_url("report", ws.task_a), _report_data(ws))
    assert response.status_code == 302
    assert not ProgressReport.objects.exists()


def test_leader_reads_without_forms(client, ws):
    ProgressReportFactory(task=ws.task_a, unit=ws.unit_a, text="进展文字")
    client.force_login(ws.leader)
    page = _page(client, ws.task_a)
    assert "进展文字" in page
    assert 'data-testid="unit-actions"' not in page


def test_audit_trail_is_shown(client, ws):
    workflow.report(ws.reporter_a, ws.task_a, ws.unit_a, text="第一次", percent=10)
    client.force_login(ws.planner)
    page = _page(client, ws.task_a)
    for action in (workflow.ACKNOWLEDGED, workflow.REPORTED, workflow.STATUS_CHANGED):
        assert f'data-action="{action}"' in page
    assert (
        page.count('data-testid="audit-entry"') == AuditEntry.objects.filter(task=ws.task_a).count()
    )


def test_acknowledgement_of_each_unit_is_shown(client, ws):
    workflow.acknowledge(ws.reporter_a, ws.task_a, ws.unit_a)
    client.force_login(ws.planner)
    page = _page(client, ws.task_a)
    assert page.count('data-testid="unit-acknowledged"') == 1
    assert page.count('data-testid="unit-not-acknowledged"') == 1


def test_light_and_expected_progress_on_the_page(client, ws):
    # published 60 days ago, due in 60: 50 % expected; nothing reported yet
    client.force_login(ws.reporter_a)
    page = _page(client, ws.task_a)
    assert 'data-light="yellow"' in page
    workflow.report(ws.reporter_a, ws.task_a, ws.unit_a, text="x", percent=60)
    assert 'data-light="green"' in _page(client, ws.task_a)


@pytest.mark.parametrize("role", ["reporter_a", "planner"])
def test_task_page_queries_are_constant(client, ws, role, django_assert_num_queries):
    client.force_login(ws.user(role))
    grow(ws, history=2)
    url = _url("detail", ws.task_a)
    client.get(url)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    grow(ws, history=25)
    # session, user, unit, unread count, task, responsibilities, acknowledgements, reports,
    # their figures, attachments and links, completion and extension requests, targets,
    # latest figures, audit entries
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert response.content.decode().count('data-testid="report"') == 27
    assert len(small) == 16


def test_planner_finds_the_editor_from_the_task_page(client, world):
    from django.urls import reverse

    client.force_login(world.planner)
    page = client.get(reverse("tasks:detail", args=[world.task_a.pk])).content.decode()
    assert reverse("plans:task_edit", args=[world.task_a.pk]) in page
    client.force_login(world.reporter_a)
    page = client.get(reverse("tasks:detail", args=[world.task_a.pk])).content.decode()
    assert reverse("plans:task_edit", args=[world.task_a.pk]) not in page


def test_the_report_form_starts_from_the_units_last_percent(client, ws):
    """Each unit sees its own last percent, not the other unit's."""
    workflow.report(ws.reporter_a, ws.task_a, ws.unit_a, text="第一次", percent=30)
    workflow.report(ws.reporter_a, ws.task_a, ws.unit_a, text="第二次", percent=None)
    workflow.report(ws.reporter_b, ws.task_a, ws.unit_b, text="配合", percent=80)
    client.force_login(ws.reporter_a)
    form = client.get(_url("detail", ws.task_a)).context["report_form"]
    assert form["percent"].value() == 30
    assert 'name="percent" value="30"' in _page(client, ws.task_a)


def test_the_report_form_is_empty_before_a_first_percent(client, ws):
    client.force_login(ws.reporter_a)
    form = client.get(_url("detail", ws.task_a)).context["report_form"]
    assert form["percent"].value() is None


def test_dates_follow_the_pages_language(client, ws):
    """ "2026年12月20日" in Chinese, "Dec. 20, 2026" in English: never a Chinese date in an
    English sentence."""
    # Next year's, so that the proposed day has not passed whenever the suite runs.
    year = timezone.localdate().year + 1
    ws.task_a.deadline = datetime.date(year, 11, 29)
    ws.task_a.save()
    workflow.request_extension(
        ws.reporter_a,
        ws.task_a,
        ws.unit_a,
        proposed_deadline=datetime.date(year, 12, 20),
        reason="需要更多时间",
    )
    client.force_login(ws.reporter_a)
    page = _page(client, ws.task_a)
    assert f"{year}年11月29日" in page and f"{year}年12月20日" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = _page(client, ws.task_a)
    assert f"from Nov. 29, {year} to Dec. 20, {year}" in page
    assert not re.search(r"\d{4}年\d{1,2}月\d{1,2}日", page)


def test_a_task_due_today_says_so(client, ws, today):
    ws.task_a.deadline = today
    ws.task_a.save()
    client.force_login(ws.reporter_a)
    page = _page(client, ws.task_a)
    assert "今天到期" in page
    assert "还剩0天" not in page


def test_a_done_task_shows_no_missing_acknowledgement(client, ws):
    """Unit B (supporting) never acknowledged; once the task is done that no longer matters."""
    Task.objects.filter(pk=ws.task_a.pk).update(status=Task.Status.DONE)
    client.force_login(ws.planner)
    page = _page(client, ws.task_a)
    assert 'data-testid="unit-not-acknowledged"' not in page
    assert "尚未签收" not in page


def test_the_light_is_described_once(client, ws):
    """ "进度正常", not "进度正常 · 进度正常"; a reason other than the label follows it after a
    full-width colon."""
    workflow.report(ws.reporter_a, ws.task_a, ws.unit_a, text="过半", percent=60)
    client.force_login(ws.reporter_a)
    page = _page(client, ws.task_a)
    assert "进度正常 · 进度正常" not in page and "进度正常：进度正常" not in page
    assert re.findall(r"title=\"([^\"]*)\" data-testid=\"light\"", page) == ["进度正常"]
    ws.task_a.deadline = ws.task_a.deadline - datetime.timedelta(days=200)
    ws.task_a.save()
    page = _page(client, ws.task_a)
    assert re.findall(r"title=\"([^\"]*)\" data-testid=\"light\"", page) == ["已逾期：已过时限"]


def test_a_units_acknowledgement_reads_as_a_sentence(client, ws):
    """ "已于2026-11-30 09:38签收", not the time glued to "已签收"."""
    acknowledgement, _ = workflow.acknowledge(ws.reporter_a, ws.task_a, ws.unit_a)
    client.force_login(ws.planner)
    page = _page(client, ws.task_a)
    at = timezone.localtime(acknowledgement.at).strftime("%Y-%m-%d %H:%M")
    [shown] = re.findall(r'data-testid="unit-acknowledged">([^<]*)<', page)
    assert shown == f"已于{at}签收"
