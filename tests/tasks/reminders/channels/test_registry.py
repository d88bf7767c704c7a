import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tasks.models import Notification
from tasks.reminders import channels
from tasks.reminders.channels import Channel, Message, PermanentFailure
from tests import factories


def test_registry_offers_every_channel_in_order():
    assert [channel.kind for channel in channels.all()] == [
        "inapp",
        "email",
        "wecom",
        "dingtalk",
        "feishu",
    ]
    for channel in channels.all():
        assert channels.get(channel.kind) is channel
        assert isinstance(channel, Channel)
        assert str(channel.label)
    assert [kind for kind, _label in channels.choices()] == [c.kind for c in channels.all()]
    with pytest.raises(KeyError):
        channels.get("fax")
    with pytest.raises(ValueError):
        channels.register(channels.get("email"))


def test_message_links_and_text(settings):
    settings.SITE_URL = "https://plans.union.example.cn"
    message = Message(title="【催办】\n任务一", lines=["第一行", "第二行"], url="/tasks/3/")
    assert message.title == "【催办】 任务一"
    assert message.lines == ("第一行", "第二行")
    assert message.absolute_url == "https://plans.union.example.cn/tasks/3/"
    assert message.text().splitlines()[:4] == ["【催办】 任务一", "", "第一行", "第二行"]
    assert message.text().endswith("https://plans.union.example.cn/tasks/3/")
    assert Message(title="t", url="https://elsewhere.cn/x").absolute_url == "https://elsewhere.cn/x"
    assert Message(title="t").text() == "t"


def test_message_about_a_task(world):
    task = world.task_a
    message = Message.about_task(task, title="【提醒】任务即将到期", lines=["请及时报送进展。"])
    assert message.url == reverse("tasks:detail", args=[task.pk])
    assert (message.task_id, message.plan_id) == (task.pk, task.plan_id)
    assert message.lines[0] == "请及时报送进展。"
    text = "\n".join(message.lines)
    assert "甲的任务" in text and "12月底前" in text and "2026-12-31" in text
    assert "甲区总工会" in text
    assert "乙县总工会" not in text  # supporting units are not the lead


def test_in_app_reaches_each_person_once(world):
    unit_a = world.unit_a
    factories.UserFactory(unit=unit_a, is_active=False)
    reporter_a, planner = world.reporter_a, world.planner
    message = Message.about_task(world.task_a, title="【催办】甲的任务已逾期", kind="reminder")
    result = channels.get("inapp").send(
        {"units": [unit_a.pk], "users": [reporter_a.pk, planner.pk]}, message
    )
    assert result.recipients == 2
    notes = Notification.objects.order_by("recipient_id")
    assert {note.recipient_id for note in notes} == {reporter_a.pk, planner.pk}
    note = notes.get(recipient=reporter_a)
    assert (note.kind, note.title, note.task, note.plan) == (
        "reminder",
        "【催办】甲的任务已逾期",
        world.task_a,
        world.plan,
    )
    assert note.url == reverse("tasks:detail", args=[world.task_a.pk])
    assert "甲的任务" in note.body


def test_in_app_config_is_checked(db):
    inapp = channels.get("inapp")
    assert inapp.clean_config({"units": [3, 1, 3]}) == {"units": [1, 3], "users": []}
    for bad in ({}, {"units": ["1"]}, {"users": [True]}, None):
        with pytest.raises(ValidationError):
            inapp.clean_config(bad)
    with pytest.raises(PermanentFailure):
        inapp.send({}, Message(title="t"))


def test_send_test_message_through_the_registry(world):
    result = channels.send_test("inapp", {"units": [world.unit_a.pk]}, unit_name="甲区总工会")
    assert result.recipients == 1
    note = Notification.objects.get()
    assert note.kind == "test" and "甲区总工会" in note.body
