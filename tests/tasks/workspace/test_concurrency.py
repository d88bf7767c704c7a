"""Two people acting on one task at the same moment lose nothing: each step locks the task row
(PostgreSQL), so they are served one after the other. Run with
DATABASE_URL=postgres://…; SQLite serialises every write anyway
and cannot show the race."""

from decimal import Decimal

import pytest

from plans.models import AuditEntry, Task
from tasks.models import Acknowledgement, Attachment, CompletionRequest, ProgressReport
from tasks.workspace import progress, workflow
from tasks.workspace.attachments import KINDS
from tests import factories
from tests.concurrency import at_once, postgresql  # noqa: F401 — a fixture
from tests.tasks.workspace import files

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgresql"),
]


def test_colleagues_reporting_at_the_same_moment_lose_nothing(ws):
    task, unit, target = ws.task_a, ws.unit_a, ws.target
    people = [ws.reporter_a] + [factories.UserFactory(unit=unit) for _ in range(7)]

    def report(i):
        return workflow.report(
            people[i],
            task,
            unit,
            text=f"第{i}人的进展",
            percent=10 * i,
            figures={target: Decimal(i)},
            links=[(f"https://example.cn/{i}", "")],
            files=[(files.upload(f"{i}.png", files.png()), KINDS["png"])],
        )

    _results, errors = at_once(len(people), report)
    assert errors == [None] * len(people)
    reports = ProgressReport.objects.filter(task=task)
    assert sorted(reports.values_list("text", flat=True)) == sorted(
        f"第{i}人的进展" for i in range(len(people))
    )
    assert Attachment.objects.filter(report__task=task).count() == len(people)
    assert Acknowledgement.objects.filter(task=task).count() == 1
    actions = list(AuditEntry.objects.filter(task=task).values_list("action", flat=True))
    assert actions.count(workflow.REPORTED) == len(people)
    assert actions.count(workflow.ACKNOWLEDGED) == 1
    assert actions.count(workflow.STATUS_CHANGED) == 1
    assert Task.objects.get(pk=task.pk).status == Task.Status.IN_PROGRESS
    # the unit's figure is the one of the report saved last
    [row] = progress.target_rows(task)
    last = reports.order_by("-pk").first()
    assert row.total == last.figures.get().value


def test_two_requests_for_completion_make_one(ws):
    task, unit = ws.task_a, ws.unit_a
    people = [ws.reporter_a, factories.UserFactory(unit=unit)]
    results, errors = at_once(
        2, lambda i: workflow.request_completion(people[i], task, unit, f"完成{i}")
    )
    assert sum(result is not None for result in results) == 1
    assert [type(e) for e in errors if e] == [workflow.WorkflowError]
    assert CompletionRequest.objects.filter(task=task).count() == 1


def test_two_reviewers_deciding_at_once_make_one_decision(ws):
    task = ws.task_a
    request = workflow.request_completion(ws.reporter_a, task, ws.unit_a, "完成")
    planners = [ws.planner, ws.admin]

    def review(i):
        if i == 0:
            return workflow.review_completion(planners[0], request, accept=True)
        return workflow.review_completion(planners[1], request, accept=False, comment="退回")

    results, errors = at_once(2, review)
    assert sum(result is not None for result in results) == 1
    assert [type(e) for e in errors if e] == [workflow.WorkflowError]
    winner = next(result for result in results if result is not None)
    task.refresh_from_db()
    expected = Task.Status.DONE if winner.status == "accepted" else Task.Status.IN_PROGRESS
    assert task.status == expected
    decisions = AuditEntry.objects.filter(
        task=task, action__in=[workflow.COMPLETION_ACCEPTED, workflow.COMPLETION_RETURNED]
    )
    assert decisions.count() == 1
