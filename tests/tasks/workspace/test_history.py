"""The workflow's record of changes as shown (by ``plans.audit.display``, with the actions
registered in ``tasks.workspace.history``), and the read-only administration of reports."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from plans import audit
from plans.audit import display
from plans.models import AuditEntry, Plan
from tasks.workspace import workflow
from tests.tasks.workspace.factories import ProgressReportFactory


def test_status_and_dates_are_shown_readably(ws):
    task = ws.task_a
    entry = audit.record(
        ws.planner,
        workflow.EXTENSION_APPROVED,
        task=task,
        before={"deadline": datetime.date(2026, 11, 30), "status": "in_progress"},
        after={"deadline": datetime.date(2026, 12, 31), "status": "done"},
    )
    with translation.override("en"):
        [row] = display.rows([entry])
        assert str(row.label) == "Extension approved"
        changes = {str(c.label): (c.before, c.after) for c in row.changes}
        assert changes["Status"] == ("In progress", "Done")
    assert changes["Deadline"] == ("2026-11-30", "2026-12-31")


def test_an_extension_request_does_not_read_as_a_removed_deadline(ws):
    workflow.request_extension(
        ws.reporter_a,
        ws.task_a,
        ws.unit_a,
        proposed_deadline=ws.task_a.deadline + datetime.timedelta(days=10),
        reason="x",
    )
    [row] = display.rows(AuditEntry.objects.filter(action=workflow.EXTENSION_REQUESTED))
    assert all(change.before is None for change in row.changes)
    with translation.override("en"):
        assert {str(c.label) for c in row.changes} == {"Deadline", "Proposed deadline"}


def test_entries_of_other_features_are_shown_without_their_codes(ws):
    entry = AuditEntry.objects.create(
        plan=ws.plan,
        task=ws.task_a,
        action="task.responsibility_changed",
        summary="责任单位调整",
        before=["甲区总工会"],
        after={"units": ["甲区总工会", "乙县总工会"], "figures": ["odd"]},
    )
    with translation.override("en"):
        [row] = display.rows([entry])
        assert str(row.label) == "Change recorded"
        assert row.summary == "责任单位调整"
        values = [(str(c.label), c.before, c.after) for c in row.changes]
    assert values == [
        ("Other details", "甲区总工会", None),
        ("Other details", None, "甲区总工会、乙县总工会"),
        ("Other details", None, "odd"),
    ]


def test_reports_are_read_only_in_the_administration(client, ws):
    report = ProgressReportFactory(task=ws.task_a, unit=ws.unit_a)
    client.force_login(ws.admin)
    assert client.get(reverse("admin:tasks_progressreport_changelist")).status_code == 200
    page = client.get(reverse("admin:tasks_progressreport_change", args=[report.pk]))
    assert page.status_code == 200
    assert 'name="text"' not in page.content.decode()  # shown, not editable
    assert client.get(reverse("admin:tasks_progressreport_add")).status_code == 403


def test_a_unit_reads_what_happened_since_publishing_not_the_drafting(client, ws):
    """The drafting before publication is the planners' business; a unit's change log starts
    when the plan reached it."""
    published = timezone.now() - datetime.timedelta(days=2)
    Plan.objects.filter(pk=ws.plan.pk).update(published_at=published)
    drafted = audit.record(ws.planner, "task.update", task=ws.task_a, summary="起草时的修改")
    AuditEntry.objects.filter(pk=drafted.pk).update(at=published - datetime.timedelta(days=1))
    audit.record(ws.planner, "task.update", task=ws.task_a, summary="发布后的修改")
    pages = [
        reverse("tasks:detail", args=[ws.task_a.pk]),
        reverse("plans:history", args=[ws.plan.pk]),
    ]
    for user, sees_drafting in ((ws.reporter_a, False), (ws.planner, True)):
        client.force_login(user)
        for url in pages:
            content = client.get(url).content.decode()
            assert "发布后的修改" in content
            assert ("起草时的修改" in content) == sees_drafting, (user, url)
