"""The document's page: the editor saves, refuses a save based on a replaced version (both
versions shown, the typing kept), regenerates after a confirmation; the change log reads it in
plain words; a round's compilation is made from its page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.audit import display
from plans.models import AuditEntry
from tasks.models import Writing
from tasks.rounds import service as rounds
from tasks.writings import service


def _compilation(dw):
    return service.create(dw.planner, Writing.Kind.COMPILATION, dw.plan, rnd=dw.round)


def _form(writing, **changes):
    data = {
        "title": writing.title,
        "body": writing.body,
        "issuer": writing.issuer,
        "issued_on": writing.issued_on.isoformat() if writing.issued_on else "",
        "version": str(writing.version),
    }
    return {**data, **changes}


def test_the_round_page_makes_the_compilation_once(client, dw):
    client.force_login(dw.planner)
    url = reverse("tasks:round_compilation", args=[dw.round.pk])
    page = client.get(reverse("tasks:round_detail", args=[dw.round.pk])).content.decode()
    assert url in page
    assert client.get(url).status_code == 200
    response = client.post(url)
    writing = Writing.objects.get(kind=Writing.Kind.COMPILATION)
    assert response["Location"] == writing.get_absolute_url()
    assert client.post(url)["Location"] == writing.get_absolute_url()
    assert client.get(url)["Location"] == writing.get_absolute_url()
    assert Writing.objects.count() == 1


def test_the_editor_saves(client, dw):
    writing = _compilation(dw)
    client.force_login(dw.planner)
    page = client.get(writing.get_absolute_url()).content.decode()
    assert "已完成选址评估" in page and 'name="body"' in page
    body = writing.body + "\n一、下一步工作\n请各单位按时报送。"
    response = client.post(
        writing.get_absolute_url(), _form(writing, body=body, issuer="宣教部办公室")
    )
    assert response.status_code == 302
    writing.refresh_from_db()
    assert writing.body.endswith("请各单位按时报送。")
    assert (writing.issuer, writing.version, writing.updated_by) == ("宣教部办公室", 2, dw.planner)
    entry = AuditEntry.objects.filter(action=service.SAVED).get()
    row = display.render(entry)
    assert row.label == "保存文稿"
    assert {change.label: change.after for change in row.changes}["正文"] == "已修改"


def test_a_conflicting_save_shows_both_versions_and_keeps_the_typing(client, dw):
    writing = _compilation(dw)
    loaded = writing.version
    service.save(
        dw.admin,
        writing,
        loaded_version=loaded,
        title="他们的标题",
        body=writing.body,
        issuer=writing.issuer,
        issued_on=writing.issued_on,
    )
    client.force_login(dw.planner)
    response = client.post(
        writing.get_absolute_url(), _form(writing, title="我的标题", version=str(loaded))
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="conflict"' in content
    assert "他们的标题" in content and "我的标题" in content
    assert 'value="我的标题"' in content  # the typing is kept
    assert f'name="version" value="{loaded + 1}"' in content
    writing.refresh_from_db()
    assert writing.title == "他们的标题"
    # Saving again, now at their version, replaces it deliberately.
    client.post(writing.get_absolute_url(), _form(writing, title="我的标题"))
    writing.refresh_from_db()
    assert writing.title == "我的标题"


def test_a_bad_date_keeps_the_typing(client, dw):
    writing = _compilation(dw)
    client.force_login(dw.planner)
    response = client.post(
        writing.get_absolute_url(), _form(writing, issued_on="2026-02-30", body="新的正文")
    )
    assert response.status_code == 200
    assert "新的正文" in response.content.decode()
    writing.refresh_from_db()
    assert writing.version == 1


def test_regenerating_asks_for_a_confirmation(client, dw):
    writing = _compilation(dw)
    service.save(
        dw.planner,
        writing,
        loaded_version=1,
        title=writing.title,
        body="手工改写的正文",
        issuer=writing.issuer,
        issued_on=writing.issued_on,
    )
    client.force_login(dw.planner)
    url = reverse("tasks:writing_regenerate", args=[writing.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": "2"})
    assert response.status_code == 200  # not confirmed: nothing replaced
    writing.refresh_from_db()
    assert writing.body == "手工改写的正文"
    stale = client.post(url, {"version": "1", "confirm": "on"})
    assert "有人刚刚保存了该文稿" in stale.content.decode()
    response = client.post(url, {"version": "2", "confirm": "on"})
    assert response.status_code == 302
    writing.refresh_from_db()
    assert "已完成选址评估" in writing.body and writing.version == 3
    assert AuditEntry.objects.filter(action=service.REGENERATED).exists()


def test_a_leader_reads_without_an_editor(client, dw):
    writing = _compilation(dw)
    client.force_login(dw.leader)
    content = client.get(writing.get_absolute_url()).content.decode()
    assert "已完成选址评估" in content and 'name="body"' not in content
    assert client.post(writing.get_absolute_url(), _form(writing)).status_code == 403


def test_the_word_file_downloads(client, dw):
    writing = _compilation(dw)
    client.force_login(dw.leader)
    response = client.get(reverse("tasks:writing_docx", args=[writing.pk]))
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response.content[:2] == b"PK"


def test_the_plans_documents_page(client, dw):
    _compilation(dw)
    client.force_login(dw.planner)
    plan_page = client.get(reverse("plans:detail", args=[dw.plan.pk])).content.decode()
    assert reverse("tasks:writing_list", args=[dw.plan.pk]) in plan_page
    content = client.get(reverse("tasks:writing_list", args=[dw.plan.pk])).content.decode()
    assert "2026年第三季度进展报送情况汇总" in content
    response = client.post(reverse("tasks:summary_new", args=[dw.plan.pk]))
    summary = Writing.objects.get(kind=Writing.Kind.SUMMARY)
    assert response["Location"] == summary.get_absolute_url()
    assert summary.title == "宣教部2026年度工作总结"
    assert summary.issuer == "宣教部"


def _documents(dw, count):
    for number in range(count):
        rnd = rounds.open_round(
            dw.planner, dw.plan, name=f"第{number}轮", due_date=dw.round.due_date
        )
        service.create(dw.planner, Writing.Kind.COMPILATION, dw.plan, rnd=rnd)
        bulletin = service.create(dw.planner, Writing.Kind.BULLETIN, dw.plan, rnd=rnd)
        service.publish(dw.planner, bulletin, enqueue=False)


def test_the_lists_take_constant_queries(client, dw, django_assert_max_num_queries):
    client.force_login(dw.planner)
    pages = [
        reverse("tasks:writing_list", args=[dw.plan.pk]),
        reverse("tasks:bulletin_list"),
    ]
    _documents(dw, 1)
    counts = []
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    _documents(dw, 6)
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
