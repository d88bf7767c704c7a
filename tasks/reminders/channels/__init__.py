"""Delivery channels: in-app, email and the WeCom, DingTalk and Feishu chat robots.

    from tasks.reminders import channels

    channel = channels.get("dingtalk")
    config = channel.clean_config({"webhook": "https://…", "secret": "SEC…"})  # ValidationError
    channel.send(config, channels.Message(title=…, lines=(…,), url=task.get_absolute_url()))

``send`` returns a DeliveryResult or raises TemporaryFailure (retry later, see
``channels.retry``) or PermanentFailure (mark the channel broken, tell the planner). See
docs/reminders.md.
"""

from tasks.models import channel_kinds as kinds
from tasks.reminders.channels import dingtalk, email, feishu, inapp, wecom
from tasks.reminders.channels.base import (
    Channel,
    DeliveryError,
    DeliveryResult,
    Message,
    PermanentFailure,
    TemporaryFailure,
    make_test_message,
)

__all__ = [
    "ROBOT_KINDS",
    "Channel",
    "DeliveryError",
    "DeliveryResult",
    "Message",
    "PermanentFailure",
    "TemporaryFailure",
    "all",
    "choices",
    "get",
    "make_test_message",
    "register",
    "send",
    "send_test",
]

_registry: dict[str, Channel] = {}

ROBOT_KINDS = kinds.ROBOT_KINDS


def register(channel: Channel) -> Channel:
    """Add a channel (one per ``kind``)."""
    if channel.kind in _registry:
        raise ValueError(f"A channel of kind {channel.kind!r} is already registered.")
    _registry[channel.kind] = channel
    return channel


for _module in (inapp, email, wecom, dingtalk, feishu):
    register(_module.channel)


def get(kind: str) -> Channel:
    """The channel of ``kind``; KeyError for an unknown kind."""
    try:
        return _registry[kind]
    except KeyError:
        raise KeyError(f"No delivery channel of kind {kind!r}.") from None


def all() -> list[Channel]:
    """Every channel, in the order they are offered."""
    return list(_registry.values())


def choices() -> list[tuple[str, str]]:
    """(kind, label) pairs for a form field."""
    return [(channel.kind, channel.label) for channel in _registry.values()]


def send(kind: str, config: dict, message: Message) -> DeliveryResult:
    return get(kind).send(config, message)


def send_test(kind: str, config: dict, unit_name: str = "") -> DeliveryResult:
    """The "send a test message" button: the same path as a reminder, rate limit included."""
    return get(kind).send(config, make_test_message(unit_name))
