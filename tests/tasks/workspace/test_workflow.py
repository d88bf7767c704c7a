"""The steps of carrying out a task, as services: state, history, audit and notifications."""

import datetime
from decimal import Decimal

import pytest

from plans.models import AuditEntry, Plan, Task, User
from tasks.models import (
    Acknowledgement,
    Attachment,
    CompletionRequest,
    ExtensionRequest,
    Notification,
    ProgressReport,
    Review,
)
from tasks.workspace import progress, workflow
from tests import factories
from tests.tasks.workspace import files


def _actions(task):
    return list(
        AuditEntry.objects.filter(task=task).order_by("at", "pk").values_list("action", flat=True)
    )


def _report(ws, user="reporter_a", unit="unit_a", **kwargs):
    kwargs.setdefault("text", "开展读书活动")
    return workflow.report(ws.user(user), ws.task_a, getattr(ws, unit), **kwargs)


class TestAcknowledge:
    def test_once_per_unit_with_time_and_user(self, ws):
        user, task, unit = ws.reporter_a, ws.task_a, ws.unit_a
        first, created = workflow.acknowledge(user, task, unit)
        colleague = factories.UserFactory(unit=unit)
        again, created_again = workflow.acknowledge(colleague, task, unit)
        assert (created, created_again) == (True, False)
        assert again.pk == first.pk and again.user == user and again.at is not None
        assert _actions(task) == [workflow.ACKNOWLEDGED]

    def test_supporting_unit_acknowledges_its_own(self, ws):
        workflow.acknowledge(ws.reporter_b, ws.task_a, ws.unit_b)
        workflow.acknowledge(ws.reporter_a, ws.task_a, ws.unit_a)
        assert Acknowledgement.objects.filter(task=ws.task_a).count() == 2

    def test_unit_not_responsible_is_refused(self, ws):
        with pytest.raises(workflow.WorkflowError):
            workflow.acknowledge(ws.reporter_c, ws.task_a, ws.unit_c)

    def test_archived_plan_is_refused(self, ws):
        ws.plan.status = Plan.Status.ARCHIVED
        ws.plan.save()
        with pytest.raises(workflow.WorkflowError):
            workflow.acknowledge(ws.reporter_a, ws.task_a, ws.unit_a)


class TestReport:
    def test_report_starts_the_task_acknowledges_and_is_audited(self, ws):
        report = _report(ws, percent=40, figures={ws.target: Decimal(12)})
        task = Task.objects.get(pk=ws.task_a.pk)
        assert task.status == Task.Status.IN_PROGRESS
        assert (report.role, report.percent, report.author) == (
            "lead",
            40,
            ws.reporter_a,
        )
        assert Acknowledgement.objects.filter(task=task, unit=ws.unit_a).exists()
        assert _actions(task) == [
            workflow.ACKNOWLEDGED,
            workflow.REPORTED,
            workflow.STATUS_CHANGED,
        ]
        status_entry = AuditEntry.objects.get(task=task, action=workflow.STATUS_CHANGED)
        assert (status_entry.before, status_entry.after) == (
            {"status": "not_started"},
            {"status": "in_progress"},
        )
        assert status_entry.user == ws.reporter_a
        reported = AuditEntry.objects.get(task=task, action=workflow.REPORTED)
        assert reported.after["percent"] == 40
        assert reported.after["figures"] == [{"target": ws.target.text, "value": "12"}]

    def test_history_is_kept_never_overwritten(self, ws):
        _report(ws, text="第一次", percent=20)
        _report(ws, text="第二次", percent=60)
        texts = list(ProgressReport.objects.filter(task=ws.task_a).values_list("text", "percent"))
        assert texts == [("第二次", 60), ("第一次", 20)]
        assert _actions(ws.task_a).count(workflow.STATUS_CHANGED) == 1

    def test_supporting_unit_reports_its_part(self, ws):
        report = _report(ws, "reporter_b", "unit_b", percent=90)
        assert report.role == "supporting"

    def test_light_follows_the_lead_units_percent(self, ws):
        _report(ws, percent=30)
        _report(ws, "reporter_b", "unit_b", percent=100)
        reports = progress.history(ws.task_a)
        assert progress.latest_lead_percent(reports) == 30
        annotated = Task.objects.annotate(p=progress.lead_percent()).get(pk=ws.task_a.pk)
        assert annotated.p == 30

    def test_links_and_files(self, ws, media):
        report = _report(
            ws,
            links=[("https://mp.weixin.qq.com/s/abc", "书屋揭牌")],
            files=[(files.upload("现场.png", files.png()), _kind("png"))],
        )
        assert [(link.url, link.title) for link in report.links.all()] == [
            ("https://mp.weixin.qq.com/s/abc", "书屋揭牌")
        ]
        attachment = Attachment.objects.get(report=report)
        assert attachment.original_name == "现场.png"
        assert attachment.content_type == "image/png"
        # A generated name under MEDIA_ROOT: nothing of the user's file name.
        assert "现场" not in attachment.file.name and attachment.file.name.endswith(".png")
        stored = media / attachment.file.name
        assert stored.read_bytes() == files.png()

    def test_done_task_takes_no_more_reports(self, ws):
        Task.objects.filter(pk=ws.task_a.pk).update(status=Task.Status.DONE)
        with pytest.raises(workflow.WorkflowError):
            _report(ws)
        assert not ProgressReport.objects.exists()

    def test_a_failed_report_leaves_no_file_behind(self, ws, media, monkeypatch):
        record = workflow.audit.record

        def fail_after_the_file_is_written(user, action, **kwargs):
            if action == workflow.REPORTED:
                assert [p for p in media.rglob("*") if p.is_file()], "the file was written"
                raise RuntimeError("database gone")
            return record(user, action, **kwargs)

        monkeypatch.setattr(workflow.audit, "record", fail_after_the_file_is_written)
        with pytest.raises(RuntimeError):
            _report(ws, files=[(files.upload("a.pdf", files.PDF), _kind("pdf"))])
        assert not ProgressReport.objects.exists()
        assert not [p for p in media.rglob("*") if p.is_file()]

    def test_figure_of_another_tasks_target_is_refused(self, ws):
        other = factories.TargetFactory(task=ws.task_b)
        with pytest.raises(workflow.WorkflowError):
            _report(ws, figures={other: Decimal(1)})


def _kind(code):
    from tasks.workspace.attachments import KINDS

    return KINDS[code]


class TestTargets:
    def test_total_is_the_sum_of_each_units_latest_figure(self, ws):
        target = ws.target
        _report(ws, figures={target: Decimal(5)})
        _report(ws, figures={target: Decimal(12)})  # unit A's total so far: replaces 5
        _report(ws, "reporter_b", "unit_b", figures={target: Decimal(3)})
        _report(ws, text="没有数字")  # a report without figures changes nothing
        [row] = progress.target_rows(ws.task_a)
        assert row.total == 15
        assert {c.unit.name: c.value for c in row.contributions} == {
            "甲区总工会": 12,
            "乙县总工会": 3,
        }
        assert row.percent == 50

    def test_targets_without_figures(self, ws):
        [row] = progress.target_rows(ws.task_a)
        assert (row.total, row.contributions) == (0, [])


class TestCompletion:
    def test_request_accept(self, ws):
        planner, task = ws.planner, ws.task_a
        request = workflow.request_completion(ws.reporter_a, task, ws.unit_a, "三十家书屋全部建成")
        assert Task.objects.get(pk=task.pk).status == Task.Status.COMPLETION_REQUESTED
        assert Notification.objects.filter(
            recipient=planner, kind="completion_requested", task=task
        ).exists()
        workflow.review_completion(planner, request, accept=True)
        task.refresh_from_db()
        assert task.status == Task.Status.DONE and task.completed_at is not None
        request.refresh_from_db()
        assert (request.status, request.reviewed_by) == (Review.ACCEPTED, planner)
        assert _actions(task)[-2:] == [workflow.COMPLETION_REQUESTED, workflow.COMPLETION_ACCEPTED]
        accepted = AuditEntry.objects.get(task=task, action=workflow.COMPLETION_ACCEPTED)
        assert (accepted.before, accepted.after, accepted.user) == (
            {"status": "completion_requested"},
            {"status": "done"},
            planner,
        )
        unit_notice = Notification.objects.get(recipient=ws.reporter_a)
        assert (
            unit_notice.kind == "completion_reviewed" and unit_notice.url == task.get_absolute_url()
        )

    def test_send_back_needs_a_comment_and_reopens(self, ws):
        task = ws.task_a
        request = workflow.request_completion(ws.reporter_a, task, ws.unit_a, "完成")
        with pytest.raises(workflow.WorkflowError):
            workflow.review_completion(ws.planner, request, accept=False, comment=" ")
        workflow.review_completion(ws.planner, request, accept=False, comment="缺少照片")
        task.refresh_from_db()
        assert (task.status, task.completed_at) == (Task.Status.IN_PROGRESS, None)
        request.refresh_from_db()
        assert (request.status, request.review_comment) == (Review.REJECTED, "缺少照片")
        # and the unit may ask again
        workflow.request_completion(ws.reporter_a, task, ws.unit_a, "补充照片")
        assert CompletionRequest.objects.filter(task=task).count() == 2

    def test_only_the_lead_unit_requests_completion(self, ws):
        with pytest.raises(workflow.WorkflowError):
            workflow.request_completion(ws.reporter_b, ws.task_a, ws.unit_b, "x")

    def test_twice_is_refused_and_a_review_happens_once(self, ws):
        task, planner = ws.task_a, ws.planner
        request = workflow.request_completion(ws.reporter_a, task, ws.unit_a, "x")
        with pytest.raises(workflow.WorkflowError):
            workflow.request_completion(ws.reporter_a, task, ws.unit_a, "x")
        workflow.review_completion(planner, request, accept=True)
        with pytest.raises(workflow.WorkflowError):
            workflow.review_completion(planner, request, accept=False, comment="晚了")
        assert Task.objects.get(pk=task.pk).status == Task.Status.DONE

    def test_planners_of_other_federations_are_not_told(self, ws):
        elsewhere = factories.UnitFactory(name="外市宣教部")
        stranger = factories.UserFactory(role=User.Role.PLANNER, unit=elsewhere)
        workflow.request_completion(ws.reporter_a, ws.task_a, ws.unit_a, "x")
        recipients = set(Notification.objects.values_list("recipient", flat=True))
        assert recipients == {ws.planner.pk}
        assert stranger.pk not in recipients


class TestExtension:
    def test_approve_moves_the_deadline_and_keeps_the_old_one(self, ws, today):
        task, planner = ws.task_a, ws.planner
        old = task.deadline
        version = Task.objects.get(pk=task.pk).version
        proposed = old + datetime.timedelta(days=30)
        extension = workflow.request_extension(
            ws.reporter_a,
            task,
            ws.unit_a,
            proposed_deadline=proposed,
            reason="场地改造",
        )
        assert Notification.objects.filter(recipient=planner, kind="extension_requested").exists()
        Plan.objects.filter(pk=task.plan_id).update(year=proposed.year)
        workflow.review_extension(planner, extension, approve=True)
        task.refresh_from_db()
        assert task.deadline == proposed
        # Written as the plan writes deadlines: in the plan's year without the year.
        assert task.deadline_text == f"{proposed.month}月{proposed.day}日前"
        assert task.version == version + 1
        extension.refresh_from_db()
        assert (extension.status, extension.old_deadline, extension.old_deadline_text) == (
            Review.ACCEPTED,
            old,
            "全年",
        )
        assert extension.new_deadline == proposed
        entry = AuditEntry.objects.get(task=task, action=workflow.EXTENSION_APPROVED)
        assert entry.before == {"deadline": old.isoformat(), "deadline_text": "全年"}
        assert entry.after["deadline"] == proposed.isoformat()

    def test_planner_may_grant_another_date_and_wording(self, ws):
        task = ws.task_a
        extension = workflow.request_extension(
            ws.reporter_a,
            task,
            ws.unit_a,
            proposed_deadline=task.deadline + datetime.timedelta(days=60),
            reason="x",
        )
        granted = task.deadline + datetime.timedelta(days=20)
        workflow.review_extension(
            ws.planner,
            extension,
            approve=True,
            new_deadline=granted,
            deadline_text="年底前",
        )
        task.refresh_from_db()
        assert (task.deadline, task.deadline_text) == (granted, "年底前")

    def test_reject_keeps_the_deadline(self, ws):
        task = ws.task_a
        old = task.deadline
        extension = workflow.request_extension(
            ws.reporter_a,
            task,
            ws.unit_a,
            proposed_deadline=old + datetime.timedelta(days=9),
            reason="x",
        )
        with pytest.raises(workflow.WorkflowError):
            workflow.review_extension(ws.planner, extension, approve=False)
        workflow.review_extension(ws.planner, extension, approve=False, comment="不同意")
        task.refresh_from_db()
        assert task.deadline == old
        assert ExtensionRequest.objects.get().status == Review.REJECTED
        assert workflow.EXTENSION_REJECTED in _actions(task)

    @pytest.mark.parametrize("days", [0, -5])
    def test_proposed_date_must_be_later(self, ws, days):
        task = ws.task_a
        with pytest.raises(workflow.WorkflowError):
            workflow.request_extension(
                ws.reporter_a,
                task,
                ws.unit_a,
                proposed_deadline=task.deadline + datetime.timedelta(days=days),
                reason="x",
            )

    def test_one_pending_at_a_time_and_not_without_deadline(self, ws):
        task = ws.task_a
        later = task.deadline + datetime.timedelta(days=5)
        args = (ws.reporter_a, task, ws.unit_a)
        workflow.request_extension(*args, proposed_deadline=later, reason="x")
        with pytest.raises(workflow.WorkflowError):
            workflow.request_extension(*args, proposed_deadline=later, reason="y")
        Task.objects.filter(pk=ws.task_b.pk).update(deadline=None)
        with pytest.raises(workflow.WorkflowError):
            workflow.request_extension(
                ws.reporter_b,
                ws.task_b,
                ws.unit_b,
                proposed_deadline=later,
                reason="x",
            )

    def test_supporting_unit_cannot_request(self, ws):
        with pytest.raises(workflow.WorkflowError):
            workflow.request_extension(
                ws.reporter_b,
                ws.task_a,
                ws.unit_b,
                proposed_deadline=ws.task_a.deadline + datetime.timedelta(days=5),
                reason="x",
            )
