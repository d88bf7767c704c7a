import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from plans.models import Leader, Plan, Responsibility
from tasks.models import Attachment, Delivery, Export, Notification, RoundSchedule, Writing
from tasks.notifications import inbox
from tasks.reminders.sweep import run as run_sweep
from tasks.rounds import service as rounds
from tasks.workspace import attachments, workflow
from tasks.writings import service as writings
from tests import factories
from tests.tasks.reminders.helpers import add_robot, day
from tests.tasks.workspace import files
from tests.world import PERSONAS


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a folder of this test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def small_world(world, monkeypatch):
    """The ``world`` with one of everything an address can name: a draft plan beside the
    published one, a report with an attachment, a target, a completion and an extension request,
    notifications, a unit's robot, reminders and their deliveries. ``ids`` lists every id."""
    plan, task_a, task_b = world.plan, world.task_a, world.task_b
    plan.published_at = timezone.now() - datetime.timedelta(days=30)
    plan.save()
    for task in (task_a, task_b):
        task.deadline = day(11)  # reminders are due on day(4), a working day
        task.save()
    leader = Leader.objects.create(federation=world.federation, name="张副主席", user=world.leader)
    Responsibility.objects.create(task=task_a, role=Responsibility.Role.LEADER, leader=leader)
    draft = factories.PlanFactory(owner=world.propaganda, status=Plan.Status.DRAFT)
    draft_section = factories.SectionFactory(plan=draft)
    factories.SectionFactory(plan=draft, parent=draft_section, label="（一）")
    draft_task = factories.TaskFactory(section=draft_section)
    factories.ResponsibilityFactory(task=draft_task, unit=world.unit_a)
    factories.TargetFactory(task=draft_task)
    target = factories.TargetFactory(task=task_a)
    photo = files.upload("photo.png", files.png())
    workflow.report(
        world.reporter_a,
        task_a,
        world.unit_a,
        text="开展活动。",
        percent=40,
        figures={target: 10},
        links=[("https://example.org/a", "报道")],
        files=[(photo, attachments.check(photo))],
    )
    completion = workflow.request_completion(world.reporter_a, task_a, world.unit_a, "完成")
    extension = workflow.request_extension(
        world.reporter_b,
        task_b,
        world.unit_b,
        proposed_deadline=timezone.localdate() + datetime.timedelta(days=30),
        reason="场地推迟。",
    )
    inbox.notify_users(
        [world.user(persona) for persona in PERSONAS],
        kind="test",
        title="请查看",
        url=task_a.get_absolute_url(),
    )
    robot = add_robot(world.unit_a)
    # The sweep queues deliveries for the worker: here nothing is sent.
    monkeypatch.setattr("tasks.reminders.delivery.enqueue", lambda ids, countdown=None: len(ids))
    run_sweep(day(4))
    assert Delivery.objects.exists()
    # A round with an answer, and a schedule that has opened one.
    rnd = rounds.open_round(
        world.planner,
        plan,
        name="报送",
        due_date=timezone.localdate(),
        tasks=[task_a, task_b],
        include_supporting=True,
    )
    rounds.answer(world.reporter_b, rnd, task_b, world.unit_b, text="已开展。")
    RoundSchedule.objects.create(plan=plan)
    # A ledger the worker produced for the planner (tasks.exports): theirs alone.
    export = Export.objects.create(
        kind=Export.Kind.LEDGER,
        parameters={"plan": plan.pk},
        requester=world.planner,
        name="台账.xlsx",
        fallback_name="ledger.xlsx",
        state=Export.State.READY,
    )
    export.file.save("ledger.xlsx", ContentFile(b"PK"))
    bulletin = writings.create(world.planner, Writing.Kind.BULLETIN, plan, rnd=rnd)
    world.draft = draft
    world.objects = {
        "round": rnd,
        "plan": plan,
        "draft": draft,
        "draft_section": draft_section,
        "draft_task": draft_task,
        "task": task_a,
        "attachment": Attachment.objects.get(),
        "completion": completion,
        "extension": extension,
        "notification": Notification.objects.filter(recipient=world.planner).first(),
        "unit": world.unit_a,
        "robot": robot,
        "delivery": Delivery.objects.order_by("pk").first(),
        "export": export,
        "writing": bulletin,
    }
    world.ids = _every_id()
    return world


def _every_id():
    """The ids of every row of the project's models (the world is small)."""
    from django.apps import apps

    ids = set()
    for model in apps.get_models():
        if model._meta.app_label in {"plans", "tasks", "auth", "contenttypes"}:
            ids.update(model.objects.values_list("pk", flat=True))
    return sorted(pk for pk in ids if isinstance(pk, int))
