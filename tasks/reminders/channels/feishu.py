"""Feishu (飞书) custom bot: POST JSON to the bot's webhook
(https://open.feishu.cn/open-apis/bot/v2/hook/…; Lark: open.larksuite.com), signed when the bot
uses 签名校验.

Config: {"webhook": "https://open.feishu.cn/open-apis/bot/v2/hook/…", "secret": "…"}; the secret
is optional (a bot secured by keywords or IP addresses has none).

Signing, as Feishu documents it (the reverse of DingTalk's): timestamp = now in seconds;
sign = base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b"")); both go in the JSON body as
"timestamp" (a string) and "sign". Feishu refuses a timestamp more than an hour away.

The message is rich text (msg_type "post", zh_cn). The answer is {"code": 0, "msg": "success"}
(older: {"StatusCode": 0, "StatusMessage": "success"}); error codes:

- 9499 ("too many request", also sent with HTTP 400) and 11232 (frequency limited): temporary;
- 19021 "sign match fail or timestamp is not within one hour": permanent (secret or clock);
- 19001 "param invalid: incoming webhook access token invalid": permanent, the webhook is wrong;
- 19022 "Ip Not Allowed", 19024 "Key Words Not Found": permanent;
- anything else: permanent.

Feishu allows 100 messages a minute and 5 a second per bot: 5 every 3 seconds keeps both.
HTTP 408/429/5xx without a code, timeouts and network errors are temporary.
"""

import base64
import hashlib
import hmac
import time

from tasks.models import channel_kinds as kinds
from tasks.reminders.channels import markdown
from tasks.reminders.channels.base import Message
from tasks.reminders.channels.webhook import (
    IP_ADDRESS,
    KEYWORD,
    SIGNATURE,
    WEBHOOK,
    RobotChannel,
    as_code,
)

# The clock used for signing; a module attribute so that a test can send a stale timestamp.
clock = time.time


def sign(timestamp_s: int | str, secret: str) -> str:
    """Feishu's signature: the HMAC of nothing, keyed with "timestamp\\nsecret", in base64."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode("ascii")


class FeishuBot(RobotChannel):
    kind = kinds.FEISHU
    label = kinds.LABELS[kinds.FEISHU]
    official_host = "open.feishu.cn"
    rate_limit = (5, 3.0)
    # Feishu accepts a request body of 20 KB.
    max_bytes = 18000
    has_secret = True
    temporary_codes = {9499: 60.0, 11232: 60.0}
    permanent_codes = {19001: WEBHOOK, 19021: SIGNATURE, 19022: IP_ADDRESS, 19024: KEYWORD}

    def escape(self, text):
        # Rich text, not markdown: "text" elements show what was typed; no bare address.
        return markdown.plain(text)

    def request(self, config, message: Message):
        rows = [
            [{"tag": "text", "text": line}]
            for line in self.body_lines(message, self.budget(message))
        ]
        if message.absolute_url:
            rows.append([{"tag": "a", "text": message.link_label, "href": message.absolute_url}])
        payload = {
            "msg_type": "post",
            "content": {"post": {"zh_cn": {"title": self.title(message), "content": rows}}},
        }
        if config.get("secret"):
            timestamp = str(int(clock()))
            payload = {"timestamp": timestamp, "sign": sign(timestamp, config["secret"]), **payload}
        return config["webhook"], payload

    def answer(self, data):
        if "code" in data:
            return as_code(data.get("code")), str(data.get("msg") or "")
        return as_code(data.get("StatusCode")), str(data.get("StatusMessage") or "")


channel = FeishuBot()
