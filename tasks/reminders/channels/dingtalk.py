"""DingTalk (钉钉) custom robot: POST JSON to the robot's webhook
(https://oapi.dingtalk.com/robot/send?access_token=…), signed when the robot uses 加签.

Config: {"webhook": "https://oapi.dingtalk.com/robot/send?access_token=…", "secret": "SEC…"};
the secret is optional (a robot secured by keywords or IP addresses has none).

Signing, as DingTalk documents it: timestamp = now in milliseconds; string_to_sign =
f"{timestamp}\\n{secret}"; sign = URL-encode(base64(HMAC-SHA256(key=secret, msg=string_to_sign)));
both are appended to the webhook's query as &timestamp=…&sign=…. DingTalk refuses a timestamp more
than an hour away from its clock.

The message is markdown ({"title", "text"}). The answer is {"errcode": 0, "errmsg": "ok"};
error codes:

- 130101 "send too fast, exceed 20 times per minute": temporary; DingTalk then throttles the
  robot for ten minutes, so we wait that long;
- 410100 (throttled) and -1 (system busy): temporary;
- 310000 "sign not match" / "keywords not in content" / "ip … not in whitelist": permanent, the
  meaning taken from errmsg;
- 300001 "token is not exist", 400101 (no such token), 400106 (no such robot): permanent, the
  webhook is wrong; 400102 (robot disabled): permanent;
- anything else: permanent.

HTTP 408/429/5xx without a code, timeouts and network errors are temporary.
"""

import base64
import hashlib
import hmac
import time
import urllib.parse

from tasks.models import channel_kinds as kinds
from tasks.reminders.channels import markdown
from tasks.reminders.channels.base import Message
from tasks.reminders.channels.webhook import (
    DISABLED,
    IP_ADDRESS,
    KEYWORD,
    MESSAGE,
    SIGNATURE,
    WEBHOOK,
    RobotChannel,
    as_code,
)

# The clock used for signing; a module attribute so that a test can send a stale timestamp.
clock = time.time


def sign(timestamp_ms: int | str, secret: str) -> str:
    """DingTalk's signature, base64 (not yet URL-encoded)."""
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def signed_url(webhook: str, secret: str, timestamp_ms: int) -> str:
    """``webhook`` with &timestamp=…&sign=… appended (the sign URL-encoded, as documented)."""
    query = urllib.parse.urlencode({"timestamp": timestamp_ms, "sign": sign(timestamp_ms, secret)})
    return f"{webhook}{'&' if '?' in webhook else '?'}{query}"


class DingTalkRobot(RobotChannel):
    kind = kinds.DINGTALK
    label = kinds.LABELS[kinds.DINGTALK]
    official_host = "oapi.dingtalk.com"
    rate_limit = (20, 60.0)
    # DingTalk accepts about 20,000 bytes; stay well below.
    max_bytes = 18000
    has_secret = True
    temporary_codes = {130101: 600.0, 410100: None, -1: None}
    permanent_codes = {
        300001: WEBHOOK,
        400101: WEBHOOK,
        400106: WEBHOOK,
        400102: DISABLED,
    }

    def escape(self, text):
        return markdown.dingtalk(text)

    def request(self, config, message: Message):
        lines = self.body_lines(message, self.budget(message))
        parts = [f"#### {self.title(message)}", *lines]
        if message.absolute_url:
            label, target = self.escape(message.link_label), message.absolute_url
            parts.append(f"[{label}]({markdown.link_target(target)})")
        # Markdown needs a blank line to break a line in DingTalk. The "title" is the chat
        # list's preview, plain text: only addresses are broken there.
        payload = {
            "msgtype": "markdown",
            "markdown": {"title": markdown.plain(message.title), "text": "\n\n".join(parts)},
        }
        url = config["webhook"]
        if config.get("secret"):
            url = signed_url(url, config["secret"], int(clock() * 1000))
        return url, payload

    def answer(self, data):
        return as_code(data.get("errcode")), str(data.get("errmsg") or "")

    def reason_from_detail(self, detail):
        # 310000 covers every security setting; errmsg tells which one failed.
        text = detail.lower()
        if "sign" in text or "timestamp" in text:
            return SIGNATURE
        if "keyword" in text:
            return KEYWORD
        if "ip" in text.split() or "whitelist" in text:
            return IP_ADDRESS
        return MESSAGE


channel = DingTalkRobot()
