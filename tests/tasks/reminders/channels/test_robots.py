"""The three chat robots against loopback stand-ins that check payloads and signatures the way
the real services document them (tests.tasks.reminders.channels.robots)."""

import time
import urllib.parse

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tasks.reminders import channels
from tasks.reminders.channels import Message, PermanentFailure, TemporaryFailure, dingtalk, feishu
from tasks.reminders.channels.webhook import validate_webhook_url
from tests.tasks.reminders.channels.conftest import free_port
from tests.unionplans.outbound.listener import json_answer
from unionplans.lib import outbound

ROBOTS = ["wecom", "dingtalk", "feishu"]

REMINDER = Message(
    title="【提醒】职工书屋建设任务将于3天后到期",
    lines=("牵头部门：甲区总工会", "完成时限：11月底前（2026-11-30）"),
    url="/tasks/7/",
    link_text="查看任务",
)


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://plans.union.example.cn"


# --- Delivered, in each service's format -----------------------------------------------------


def test_wecom_markdown(robots):
    result = channels.get("wecom").send(robots.config("wecom"), REMINDER)
    assert result.kind == "wecom"
    [payload] = robots.accepted("wecom")
    assert payload["msgtype"] == "markdown"
    content = payload["markdown"]["content"]
    assert content.startswith("**【提醒】职工书屋建设任务将于3天后到期**\n")
    assert "完成时限：11月底前（2026-11-30）" in content
    assert content.endswith("[查看任务](https://plans.union.example.cn/tasks/7/)")


def test_dingtalk_markdown_signed_in_the_query(robots):
    channels.get("dingtalk").send(robots.config("dingtalk"), REMINDER)
    [(_service, payload, query)] = robots.received
    assert payload["msgtype"] == "markdown"
    assert payload["markdown"]["title"] == REMINDER.title
    text = payload["markdown"]["text"]
    assert text.startswith("#### 【提醒】")
    assert "[查看任务](https://plans.union.example.cn/tasks/7/)" in text
    assert set(query) == {"access_token", "timestamp", "sign"}
    assert abs(int(query["timestamp"]) - time.time() * 1000) < 60_000


def test_dingtalk_sign_is_url_encoded():
    # A "+" left as is in the query would be read as a space and the signature refused.
    url = dingtalk.signed_url("https://oapi.dingtalk.com/robot/send?access_token=t", "SECx", 1)
    raw_sign = url.rsplit("sign=", 1)[1]
    assert "+" not in raw_sign and "/" not in raw_sign and "=" not in raw_sign
    assert urllib.parse.unquote(raw_sign) == dingtalk.sign(1, "SECx")


def test_feishu_post_signed_in_the_body(robots):
    channels.get("feishu").send(robots.config("feishu"), REMINDER)
    [payload] = robots.accepted("feishu")
    assert payload["msg_type"] == "post"
    assert isinstance(payload["timestamp"], str) and payload["timestamp"].isdigit()
    post = payload["content"]["post"]["zh_cn"]
    assert post["title"] == REMINDER.title
    assert post["content"][0] == [{"tag": "text", "text": "牵头部门：甲区总工会"}]
    assert post["content"][-1] == [
        {"tag": "a", "text": "查看任务", "href": "https://plans.union.example.cn/tasks/7/"}
    ]


def test_robots_without_a_secret_send_unsigned(robots):
    # A robot secured by keywords or IP addresses has no secret: nothing is signed. Our
    # stand-ins always sign-check, so the services refuse, permanently.
    for kind in ("dingtalk", "feishu"):
        config = {"webhook": robots.config(kind)["webhook"]}
        url, payload = channels.get(kind).request(config, REMINDER)
        assert "sign" not in url and "sign" not in payload
        with pytest.raises(PermanentFailure):
            channels.get(kind).send(config, REMINDER)


def test_a_long_message_is_cut_to_what_the_robot_accepts(robots):
    long = Message(title="【催办】长消息", lines=tuple("工作进展情况" * 40 for _ in range(40)))
    for kind in ROBOTS:
        channels.get(kind).send(robots.config(kind), long)
    assert len(robots.accepted()) == 3
    content = robots.accepted("wecom")[0]["markdown"]["content"]
    assert len(content.encode()) <= 4096 and "…" in content


# --- Permanent failures: the channel is broken -----------------------------------------------


def test_wecom_unknown_key_is_permanent(robots):
    config = {"webhook": robots.wecom_url.replace(robots.wecom_key, "wrong-key")}
    with pytest.raises(PermanentFailure) as failure:
        channels.get("wecom").send(config, REMINDER)
    assert failure.value.code == 93000


@pytest.mark.parametrize("kind, code", [("dingtalk", 310000), ("feishu", 19021)])
def test_a_wrong_secret_is_a_permanent_signature_failure(robots, kind, code):
    config = {**robots.config(kind), "secret": "not-the-secret"}
    # The advice is checked in the source language (the catalogue translates it).
    with pytest.raises(PermanentFailure) as failure, translation.override("en"):
        channels.get(kind).send(config, REMINDER)
    assert failure.value.code == code
    assert "signing secret" in str(failure.value)
    assert robots.accepted() == []


@pytest.mark.parametrize(
    ("module", "code"), [(dingtalk, 310000), (feishu, 19021)], ids=["dingtalk", "feishu"]
)
def test_a_timestamp_more_than_an_hour_old_is_refused(robots, monkeypatch, module, code):
    monkeypatch.setattr(module, "clock", lambda: time.time() - 3700)
    with pytest.raises(PermanentFailure) as failure:
        channels.get(module.channel.kind).send(robots.config(module.channel.kind), REMINDER)
    assert failure.value.code == code


def test_dingtalk_and_feishu_unknown_tokens_are_permanent(robots):
    with pytest.raises(PermanentFailure) as failure:
        config = robots.config("dingtalk")
        config["webhook"] = config["webhook"].replace(robots.dingtalk_token, "gone")
        channels.get("dingtalk").send(config, REMINDER)
    assert failure.value.code == 300001
    with pytest.raises(PermanentFailure) as failure:
        config = robots.config("feishu")
        config["webhook"] = config["webhook"].replace(robots.feishu_hook, "gone")
        channels.get("feishu").send(config, REMINDER)
    assert failure.value.code == 19001


@pytest.mark.parametrize("kind", ROBOTS)
def test_an_address_that_is_not_a_robot_is_permanent(robots, kind):
    robots.mode = "html"
    with pytest.raises(PermanentFailure) as failure:
        channels.get(kind).send(robots.config(kind), REMINDER)
    assert failure.value.code == 200
    robots.mode = "redirect"
    with pytest.raises(PermanentFailure) as failure:
        channels.get(kind).send(robots.config(kind), REMINDER)
    assert failure.value.code == 302
    robots.mode = "ok"
    config = {**robots.config(kind), "webhook": f"{robots.base}/no/such/path"}
    with pytest.raises(PermanentFailure) as failure:
        channels.get(kind).send(config, REMINDER)
    assert failure.value.code == 404


# --- Temporary failures: try again later -----------------------------------------------------


@pytest.mark.parametrize(
    "kind, code, retry_after",
    [("wecom", 45009, 60), ("dingtalk", 130101, 600), ("feishu", 9499, 60)],
)
def test_the_services_rate_limit_codes_are_temporary(robots, kind, code, retry_after):
    robots.mode = "rate_limit"
    with pytest.raises(TemporaryFailure) as failure:
        channels.get(kind).send(robots.config(kind), REMINDER)
    assert failure.value.code == code
    assert failure.value.retry_after == retry_after
    robots.mode = "ok"
    channels.get(kind).send(robots.config(kind), REMINDER)
    assert len(robots.accepted(kind)) == 1


@pytest.mark.parametrize("kind", ROBOTS)
def test_http_500_is_temporary(robots, kind):
    robots.mode = "http500"
    with pytest.raises(TemporaryFailure) as failure:
        channels.get(kind).send(robots.config(kind), REMINDER)
    assert failure.value.code == 500


@pytest.mark.parametrize("kind", ROBOTS)
def test_a_slow_service_times_out_as_temporary(robots, settings, kind):
    settings.CHANNELS_HTTP_TIMEOUT = 0.3
    robots.mode, robots.slow_seconds = "slow", 1.0
    started = time.monotonic()
    with pytest.raises(TemporaryFailure) as failure:
        channels.get(kind).send(robots.config(kind), REMINDER)
    assert failure.value.code == "timeout"
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("kind", ROBOTS)
def test_a_service_that_is_down_is_temporary(kind):
    port = free_port()
    webhook = {
        "wecom": f"http://127.0.0.1:{port}/cgi-bin/webhook/send?key=k",
        "dingtalk": f"http://127.0.0.1:{port}/robot/send?access_token=t",
        "feishu": f"http://127.0.0.1:{port}/open-apis/bot/v2/hook/h",
    }[kind]
    with pytest.raises(TemporaryFailure) as failure:
        channels.get(kind).send({"webhook": webhook, "secret": "s"}, REMINDER)
    assert failure.value.code == "unreachable"


# --- Our own rate limit ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ROBOTS)
def test_our_limiter_holds_messages_back_without_sleeping(robots, settings, kind):
    settings.CHANNELS_RATE_LIMITS = {kind: (2, 60)}
    channel = channels.get(kind)
    channel.send(robots.config(kind), REMINDER)
    channel.send(robots.config(kind), REMINDER)
    started = time.monotonic()
    with pytest.raises(TemporaryFailure) as failure:
        channel.send(robots.config(kind), REMINDER)
    assert time.monotonic() - started < 1.0
    assert failure.value.code == "ratelimited"
    assert 0 < failure.value.retry_after <= 60
    assert robots.requests == 2
    # Another robot of the same kind has its own limit.
    other = {**robots.config(kind)}
    other["webhook"] += "&other=1" if "?" in other["webhook"] else "?other=1"
    channel.send(other, REMINDER)
    assert robots.requests == 3


def test_default_limits_follow_the_services():
    assert channels.get("wecom").limits() == (20, 60.0)
    assert channels.get("dingtalk").limits() == (20, 60.0)
    limit, period = channels.get("feishu").limits()
    assert limit / period <= 100 / 60 and limit <= 5


def test_redis_down_holds_messages_back(robots, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/14"
    channels.ratelimit.reset_rate_limiters()
    with pytest.raises(TemporaryFailure) as failure:
        channels.get("wecom").send(robots.config("wecom"), REMINDER)
    assert failure.value.code == "ratelimiter"
    assert robots.requests == 0


# --- Addresses -------------------------------------------------------------------------------


def test_webhook_addresses(settings):
    # The rules are the one way out's (tests/outbound): here, what the robot form relies on.
    settings.DEBUG = False
    settings.OUTBOUND_ALLOWED_HOSTS = ["robot-proxy.union.internal"]
    official = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"
    assert validate_webhook_url(f"  {official} ") == official
    assert validate_webhook_url("https://robot-proxy.union.internal/dingtalk?access_token=x")
    # The tests' loopback allowance (tests/environment.py) lets the stand-ins in.
    assert validate_webhook_url("http://127.0.0.1:8080/hook")
    assert validate_webhook_url("http://[::1]:8080/hook")
    for bad in (
        "",
        "ftp://example.cn/hook",
        "https:///nohost",
        "http://robots.example.cn/x",
        "https://robots.example.cn/x",
        "https://host:port/x",
        "javascript:alert(1)",
        "https://" + "a" * 1000 + ".cn",
        "https://10.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data/",
    ):
        with pytest.raises(ValidationError):
            validate_webhook_url(bad)
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    for bad in ("http://127.0.0.1:8080/hook", "https://localhost/x", "https://[::1]/x"):
        with pytest.raises(ValidationError):
            validate_webhook_url(bad)
    settings.DEBUG = True
    assert validate_webhook_url("http://qyapi.weixin.qq.com/x")
    with pytest.raises(ValidationError):
        validate_webhook_url("http://robots.example.cn/x")


def test_every_robots_official_host_is_allowed_by_default():
    for kind in ROBOTS:
        assert channels.get(kind).official_host in outbound.DEFAULT_ALLOWED_HOSTS


def test_a_bad_config_is_a_permanent_failure_without_sending(robots):
    with pytest.raises(PermanentFailure) as failure:
        channels.get("wecom").send({"webhook": "http://robots.example.cn/x"}, REMINDER)
    assert failure.value.code == "config"
    assert robots.requests == 0


def test_clean_config_keeps_what_each_robot_needs():
    wecom = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"
    assert channels.get("wecom").clean_config({"webhook": f" {wecom} ", "secret": "x"}) == {
        "webhook": wecom
    }
    dingtalk = "https://oapi.dingtalk.com/robot/send?access_token=t"
    assert channels.get("dingtalk").clean_config({"webhook": dingtalk, "secret": " S "}) == {
        "webhook": dingtalk,
        "secret": "S",
    }
    feishu = "https://open.feishu.cn/open-apis/bot/v2/hook/h"
    assert channels.get("feishu").clean_config({"webhook": feishu}) == {
        "webhook": feishu,
        "secret": "",
    }


def test_feishu_older_answers_are_understood():
    bot = channels.get("feishu")
    assert bot.answer({"StatusCode": 0, "StatusMessage": "success"}) == (0, "success")
    assert bot.answer({"code": 19024, "msg": "Key Words Not Found"}) == (
        19024,
        "Key Words Not Found",
    )


# --- Security: the one way out, our own words, escaped markdown -----------------------------


@pytest.mark.parametrize("kind", ROBOTS)
def test_a_robot_never_connects_to_an_internal_address(listener, settings, kind):
    settings.OUTBOUND_ALLOW_LOOPBACK = False
    server = listener(answer=json_answer({"errcode": 0, "code": 0}))
    for host in ("127.0.0.1", "localhost", "[::ffff:127.0.0.1]"):
        config = {"webhook": f"http://{host}:{server.port}/hook?key=k", "secret": "s"}
        with pytest.raises(PermanentFailure) as failure:
            channels.get(kind).send(config, REMINDER)
        assert failure.value.code == "config"
    time.sleep(0.1)
    assert server.accepted == 0


@pytest.mark.parametrize("kind", ROBOTS)
def test_failures_never_carry_the_services_text(listener, kind):
    secret_reply = "内部服务回复：root:x:0:0"
    for answer, failure_class in (
        (
            {"errcode": 77, "errmsg": secret_reply, "code": 77, "msg": secret_reply},
            PermanentFailure,
        ),
        (
            {"errcode": -1, "errmsg": secret_reply, "code": 9499, "msg": secret_reply},
            TemporaryFailure,
        ),
    ):
        server = listener(answer=json_answer(answer))
        config = {"webhook": f"http://127.0.0.1:{server.port}/hook?key=k", "secret": "s"}
        with pytest.raises(failure_class) as failure:
            channels.get(kind).send(config, REMINDER)
        assert str(failure.value.code) in str(failure.value)
        assert secret_reply not in str(failure.value) and secret_reply not in failure.value.detail
        assert "root" not in str(failure.value)


PLANTED = Message(
    title="[点这里](https://evil.example/x) **加急** <font>",
    lines=(
        "# 通知",
        "> 引用 `代码` ![图](https://evil.example/i.png) http://evil.example/y www.evil.example",
        "1. 列表 - _斜体_ ~删除~ | 表格 \\[转义]",
    ),
    url="/tasks/7/",
    link_text="查看任务",
)


@pytest.mark.parametrize("kind", ["wecom", "dingtalk"])
def test_markdown_robots_escape_what_people_typed(kind):
    _url, payload = channels.get(kind).request({"webhook": "https://x/h", "secret": ""}, PLANTED)
    text = payload["markdown"]["content" if kind == "wecom" else "text"]
    # Our markup: the title in bold or as a heading, one link at the end.
    ours = "**" if kind == "wecom" else "#### "
    assert text.startswith(ours)
    assert text.endswith("[查看任务](https://plans.union.example.cn/tasks/7/)")
    typed = text[len(ours) :].rsplit("[查看任务]", 1)[0].replace("**", "", 1 if ours == "**" else 0)
    for planted in ("[", "]", "(", "*", "<", "`", "#", ">", "://", "www.", "_", "~", "|", "\\"):
        assert planted not in typed, planted
    assert not any(line.lstrip().startswith(("1.", "-")) for line in typed.split("\n"))
    assert "点这里" in typed and "加急" in typed and "evil" in typed  # still readable


def test_feishu_keeps_typed_text_as_plain_text_without_links():
    _url, payload = channels.get("feishu").request({"webhook": "https://x/h"}, PLANTED)
    post = payload["content"]["post"]["zh_cn"]
    tags = [element["tag"] for row in post["content"] for element in row]
    assert tags.count("a") == 1 and set(tags) == {"text", "a"}
    texts = [post["title"]] + [
        e["text"] for row in post["content"] for e in row if e["tag"] == "text"
    ]
    assert not any("://" in text or "www." in text for text in texts)
