"""A unit's chat robot as an attack surface: the test button queues instead of calling out from
the web process, outcomes are told in our words, the robot form refuses internal addresses,
and webhook keys and signing secrets are encrypted in the database and masked in every page."""

import json
import time

import pytest
from django.core import serializers
from django.db import connection
from django.urls import reverse
from django.utils import translation

from tasks.models import UnitChannel
from tasks.reminders import robot_test
from tests.tasks.reminders.helpers import add_robot
from tests.unionplans.outbound.listener import json_answer
from unionplans.lib import sealed

SECRET_REPLY = "内网服务的回复：admin-token-42"


def button_url(robot):
    return reverse("tasks:unit_channel_test", args=[robot.unit_id, robot.pk])


def page_of(client, unit):
    return client.get(reverse("tasks:unit_channels", args=[unit.pk])).content.decode()


# --- The test button ------------------------------------------------------------------------------


def test_the_test_button_queues_and_never_calls_out(client, rw, listener, queued_tests):
    server = listener(answer=json_answer({"errcode": 77, "errmsg": SECRET_REPLY}))
    unit = rw.unit_a
    robot = add_robot(unit, config={"webhook": f"http://127.0.0.1:{server.port}/hook?key=k"})
    client.force_login(rw.reporter_a)
    response = client.post(button_url(robot), follow=True)
    assert queued_tests == [robot.pk]
    assert "已加入发送队列" in response.content.decode()
    time.sleep(0.1)
    assert server.accepted == 0
    robot.refresh_from_db()
    assert robot.last_tested_at is None
    # The worker sends it and records the outcome in our words, with the service's code.
    assert robot_test.run(robot.pk) == "failed"
    assert server.accepted == 1
    robot.refresh_from_db()
    assert robot.last_tested_at is not None
    assert "77" in robot.last_test_error and SECRET_REPLY not in robot.last_test_error
    page = page_of(client, unit)
    assert "机器人服务拒绝了消息（错误码 77）" in page
    assert SECRET_REPLY not in page and "admin-token" not in page


def test_a_good_test_repairs_a_broken_robot(client, rw, robots, queued_tests):
    unit = rw.unit_a
    robot = add_robot(
        unit,
        kind="dingtalk",
        config=robots.config("dingtalk"),
        broken_at="2026-03-01T08:30:00+08:00",
        broken_reason="签名错误",
        last_test_error="旧的问题",
    )
    client.force_login(rw.planner)
    client.post(button_url(robot))
    assert robots.requests == 0 and queued_tests == [robot.pk]
    assert robot_test.run(robot.pk) == "sent"
    [payload] = robots.accepted("dingtalk")
    assert "甲区总工会" in payload["markdown"]["text"]
    robot.refresh_from_db()
    assert robot.works and robot.broken_reason == "" and robot.last_test_error == ""
    assert 'data-testid="robot-test-ok"' in page_of(client, unit)


def test_a_test_of_a_removed_robot_does_nothing(rw):
    robot = add_robot(rw.unit_a)
    robot_id = robot.pk
    robot.delete()
    assert robot_test.run(robot_id) == "gone"


def test_the_test_task_has_a_fixed_name():
    assert robot_test.send_test_message.name == "tasks.reminders.send_robot_test"


def test_a_broker_that_cannot_be_reached_is_said(client, rw, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(robot_test.send_test_message, "apply_async", down)
    robot = add_robot(rw.unit_a)
    client.force_login(rw.reporter_a)
    response = client.post(button_url(robot), follow=True)
    assert "未能加入发送队列" in response.content.decode()


# --- The robot form -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("webhook", "says"),
    [
        ("http://127.0.0.1:6379/", "不能使用"),
        ("https://localhost:8080/admin", "不能使用"),
        ("https://[::1]/x", "不能使用"),
        ("https://10.0.0.1/hook", "内部网络"),
        ("https://169.254.169.254/latest/meta-data/", "内部网络"),
        ("https://robots.example.cn/hook?key=k", "官方地址"),
    ],
)
def test_the_form_refuses_internal_and_unknown_addresses(client, rw, settings, webhook, says):
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    unit = rw.unit_a
    client.force_login(rw.reporter_a)
    url = reverse("tasks:unit_channels", args=[unit.pk])
    response = client.post(url, {"kind": "wecom", "name": "群", "webhook": webhook})
    assert response.status_code == 200
    [error] = response.context["form"].errors["webhook"]
    assert says in error
    # What was typed stays in the field, to be corrected.
    assert f'value="{webhook}"' in response.content.decode()
    assert not UnitChannel.objects.exists()


# --- Secrets at rest and in pages -----------------------------------------------------------------


def raw_config(robot):
    with connection.cursor() as cursor:
        cursor.execute("SELECT config FROM tasks_unitchannel WHERE id = %s", [robot.pk])
        value = cursor.fetchone()[0]
    return value if isinstance(value, str) else json.dumps(value)


def test_webhooks_and_secrets_are_encrypted_at_rest(rw, robots):
    config = robots.config("dingtalk")
    robot = add_robot(rw.unit_a, kind="dingtalk", config=config)
    stored = raw_config(robot)
    assert sealed.PREFIX in stored
    assert robots.dingtalk_token not in stored and robots.dingtalk_secret not in stored
    assert UnitChannel.objects.get(pk=robot.pk).config == config
    assert UnitChannel.objects.filter(pk=robot.pk).values_list("config", flat=True).get() == config


def test_a_database_dump_keeps_secrets_sealed_and_loads_back(rw, robots):
    config = robots.config("dingtalk")
    robot = add_robot(rw.unit_a, kind="dingtalk", config=config)
    dump = serializers.serialize("json", UnitChannel.objects.filter(pk=robot.pk))
    assert robots.dingtalk_token not in dump and robots.dingtalk_secret not in dump
    assert sealed.PREFIX in dump
    UnitChannel.objects.filter(pk=robot.pk).delete()
    for restored in serializers.deserialize("json", dump):
        restored.save()
    assert UnitChannel.objects.get(pk=robot.pk).config == config


def test_a_row_written_before_encryption_is_read_and_sealed_on_save(rw):
    robot = add_robot(rw.unit_a)
    legacy = {"webhook": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=legacy-key"}
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tasks_unitchannel SET config = %s WHERE id = %s", [json.dumps(legacy), robot.pk]
        )
    robot = UnitChannel.objects.get(pk=robot.pk)
    assert robot.config == legacy
    robot.save()
    assert "legacy-key" not in raw_config(robot)
    assert UnitChannel.objects.get(pk=robot.pk).config == legacy


def test_a_rotated_key_still_reads_and_an_unknown_key_reads_empty(rw, settings):
    robot = add_robot(rw.unit_a)
    config = robot.config
    settings.FIELD_ENCRYPTION_KEYS = ["the-new-key", *settings.FIELD_ENCRYPTION_KEYS]
    assert UnitChannel.objects.get(pk=robot.pk).config == config
    settings.FIELD_ENCRYPTION_KEYS = ["someone-elses-key"]
    assert UnitChannel.objects.get(pk=robot.pk).config == {}


def test_the_data_migration_seals_existing_rows(rw):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("tasks.migrations.0004_robot_secrets_sealed")
    robot = add_robot(rw.unit_a)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tasks_unitchannel SET config = %s WHERE id = %s",
            [
                json.dumps({"webhook": "https://oapi.dingtalk.com/robot/send?access_token=old"}),
                robot.pk,
            ],
        )
    migration.seal_configs(apps, None)
    assert "access_token=old" not in raw_config(robot)
    migration.unseal_configs(apps, None)
    assert "access_token=old" in raw_config(robot)


def test_pages_and_the_admin_show_only_the_host_and_a_few_characters(client, rw, robots):
    unit = rw.unit_a
    config = robots.config("feishu")
    robot = add_robot(unit, kind="feishu", config=config)
    hook, secret = robots.feishu_hook, robots.feishu_secret
    client.force_login(rw.admin)
    pages = {
        "channels": reverse("tasks:unit_channels", args=[unit.pk]),
        "edit": reverse("tasks:unit_channel_edit", args=[unit.pk, robot.pk]),
        "admin list": reverse("admin:tasks_unitchannel_changelist"),
        "admin change": reverse("admin:tasks_unitchannel_change", args=[robot.pk]),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        page = response.content.decode()
        assert hook not in page and secret not in page, name
        assert "open-apis" not in page, name
    for name in ("channels", "edit", "admin change"):
        page = client.get(pages[name]).content.decode()
        assert f"http://127.0.0.1/…{hook[-4:]}" in page, name


def test_editing_without_retyping_keeps_the_address_and_the_secret(client, rw, robots):
    unit = rw.unit_a
    config = robots.config("dingtalk")
    robot = add_robot(unit, kind="dingtalk", config=config)
    client.force_login(rw.reporter_a)
    url = reverse("tasks:unit_channel_edit", args=[unit.pk, robot.pk])
    response = client.post(url, {"name": "新名字", "webhook": "", "secret": "", "is_active": "on"})
    assert response.status_code == 302
    robot.refresh_from_db()
    assert robot.config == config and robot.name == "新名字"


def test_outcomes_are_stored_in_the_portals_language(rw, robots):
    robot = add_robot(rw.unit_a, config=robots.config("wecom"))
    robots.mode = "http500"
    with translation.override("en"):
        robot_test.run(robot.pk)
    robot.refresh_from_db()
    assert "HTTP 状态 500" in robot.last_test_error
