"""Publishing: the checklist, the status, the units told; archiving."""

import datetime

import pytest

from plans.drafting import publishing
from plans.models import AuditEntry, Plan
from tasks.models import Notification


def test_a_complete_plan_is_ready(draft):
    check = publishing.checklist(draft)
    assert check.ready and check.task_count == 4
    assert check.unit_count == 4  # the propaganda department and units A, B, C


def test_long_standing_work_counts_as_having_a_deadline(draft):
    duty = draft.tasks.get(title="落实意识形态工作责任制")
    assert duty.deadline is None and duty.deadline_text == "长期坚持"
    assert publishing.has_deadline(duty)


def test_tasks_without_lead_unit_or_deadline_block(draft):
    books = draft.tasks.get(title="推进职工书屋建设")
    books.responsibilities.filter(role="lead").delete()
    books.deadline, books.deadline_text = None, ""
    books.save()
    unreadable = draft.tasks.get(title="深入开展理论宣讲")
    unreadable.deadline, unreadable.deadline_text = None, "视情况"
    unreadable.save()
    check = publishing.checklist(draft)
    assert not check.ready
    reasons = {b.task.title: b.reasons for b in check.blockers}
    assert reasons == {
        "深入开展理论宣讲": [publishing.NO_DEADLINE],
        "推进职工书屋建设": [publishing.NO_LEAD_UNIT, publishing.NO_DEADLINE],
    }
    with pytest.raises(publishing.PublishError):
        publishing.publish(draft, user=None)
    draft.refresh_from_db()
    assert draft.status == Plan.Status.DRAFT
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_an_empty_plan_cannot_be_published(world):
    from tests import factories

    plan = factories.PlanFactory(owner=world.propaganda)
    assert not publishing.checklist(plan).ready
    with pytest.raises(publishing.PublishError):
        publishing.publish(plan, user=None)


def test_publishing_notifies_each_user_of_each_responsible_unit_once(draft, planner, world):
    essays = draft.tasks.get(title="组织主题征文活动")
    essays.responsibilities.filter(unit=world.unit_c).delete()
    sent = publishing.publish(draft, user=planner)
    draft.refresh_from_db()
    assert draft.status == Plan.Status.PUBLISHED
    assert draft.published_at is not None
    # The propaganda department (the planner), units A, B and C: one user each.
    assert sent == 4
    for name in ("reporter_a", "reporter_b", "reporter_c", "planner"):
        notifications = Notification.objects.filter(recipient=world.user(name))
        assert notifications.count() == 1, name
        assert notifications.get().kind == "plan_published"
    # Unit C has one task (linked to it); unit A several (linked to its work list).
    books = draft.tasks.get(title="推进职工书屋建设")
    assert Notification.objects.get(recipient=world.reporter_c).url == books.get_absolute_url()
    assert Notification.objects.get(recipient=world.reporter_a).url == "/my/"
    assert not Notification.objects.filter(recipient=world.leader).exists()
    entry = AuditEntry.objects.get(action="plan.publish")
    assert entry.after == {"status": "published"} and entry.user == planner


def test_published_tasks_become_visible_to_their_units(draft, planner, world):
    from plans.models import Task

    reporter_c = world.reporter_c
    assert not Task.objects.visible_to(reporter_c).filter(plan=draft).exists()
    publishing.publish(draft, user=planner)
    visible = Task.objects.visible_to(reporter_c).filter(plan=draft)
    assert set(visible.values_list("title", flat=True)) == {"组织主题征文活动", "推进职工书屋建设"}


def test_publishing_twice_is_refused(draft, planner):
    publishing.publish(draft, user=planner)
    with pytest.raises(publishing.PublishError):
        publishing.publish(draft, user=planner)
    assert Notification.objects.filter(kind="plan_published").count() == 4


def test_archiving(draft, planner):
    publishing.archive(draft, user=planner)
    draft.refresh_from_db()
    assert draft.status == Plan.Status.ARCHIVED
    with pytest.raises(publishing.PublishError):
        publishing.archive(draft, user=planner)
    assert AuditEntry.objects.filter(action="plan.archive").count() == 1


def test_deadline_is_a_date_or_open_ended(draft):
    task = draft.tasks.first()
    task.deadline, task.deadline_text = datetime.date(2026, 5, 1), ""
    assert publishing.has_deadline(task)
    task.deadline, task.deadline_text = None, "每月"
    assert publishing.has_deadline(task)
    task.deadline_text = "尽快"
    assert not publishing.has_deadline(task)
