"""WeCom (企业微信) group robot: POST JSON to the robot's webhook
(https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…); no signing, the key is the secret.

Config: {"webhook": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"}.

The message is sent as markdown (at most 4096 bytes of content). The answer is
{"errcode": 0, "errmsg": "ok"}; error codes, as WeCom documents them:

- 45009 "api freq out of limit" (more than 20 messages a minute): temporary, wait a minute;
- 45033 (too many concurrent calls) and -1 (system busy): temporary, back off;
- 93000 "invalid webhook url" (the key is wrong or the robot was removed): permanent;
- anything else (40008 bad message type, 40058 bad parameter…): permanent.

HTTP 408/429/5xx without a code, timeouts and network errors are temporary.
"""

from tasks.models import channel_kinds as kinds
from tasks.reminders.channels import markdown
from tasks.reminders.channels.base import Message
from tasks.reminders.channels.webhook import WEBHOOK, RobotChannel, as_code


class WeComRobot(RobotChannel):
    kind = kinds.WECOM
    label = kinds.LABELS[kinds.WECOM]
    official_host = "qyapi.weixin.qq.com"
    rate_limit = (20, 60.0)
    max_bytes = 4096
    temporary_codes = {45009: 60.0, 45033: None, -1: None}
    permanent_codes = {93000: WEBHOOK}

    def escape(self, text):
        return markdown.wecom(text)

    def request(self, config, message: Message):
        parts = [f"**{self.title(message)}**", *self.body_lines(message, self.budget(message))]
        if message.absolute_url:
            label, target = self.escape(message.link_label), message.absolute_url
            parts.append(f"[{label}]({markdown.link_target(target)})")
        return config["webhook"], {"msgtype": "markdown", "markdown": {"content": "\n".join(parts)}}

    def answer(self, data):
        return as_code(data.get("errcode")), str(data.get("errmsg") or "")


channel = WeComRobot()
