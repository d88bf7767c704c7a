"""Loopback servers shared by the channel and reminder tests: a real SMTP server (aiosmtpd) and
the robot services (tests.tasks.reminders.channels.robots), as pytest fixtures, with a fresh
rate-limit prefix per test. Import the fixtures into a conftest to use them."""

import email
import email.policy
import socket
import uuid

import pytest
from aiosmtpd.controller import Controller

from tasks.reminders.channels import ratelimit
from tests.tasks.reminders.channels.robots import RobotServices


def free_port():
    """A loopback port nobody listens on (the kernel just handed it out)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    """Each test counts its own messages: a prefix of its own, in memory or in Redis (when
    REDIS_URL is set), removed afterwards."""
    prefix = f"unionplans-test:{uuid.uuid4().hex}:"
    settings.CHANNELS_RATE_LIMIT_PREFIX = prefix
    ratelimit.reset_rate_limiters()
    yield prefix
    if settings.REDIS_URL:
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=3)
        try:
            keys = list(client.scan_iter(match=f"{prefix}*", count=100))
            if keys:
                client.delete(*keys)
        except redis.RedisError:
            pass
        finally:
            client.close()
    ratelimit.reset_rate_limiters()


@pytest.fixture
def robots(settings):
    """The loopback robot services (tests.tasks.reminders.channels.robots), with a short HTTP
    timeout."""
    settings.CHANNELS_HTTP_TIMEOUT = 3
    services = RobotServices().start()
    yield services
    services.stop()


class Mailbox:
    """An aiosmtpd handler that keeps what it receives and refuses the addresses it is told to."""

    def __init__(self):
        self.messages = []
        self.refuse = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            {
                "from": envelope.mail_from,
                "to": list(envelope.rcpt_tos),
                "message": email.message_from_bytes(envelope.content, policy=email.policy.default),
            }
        )
        return "250 Message accepted for delivery"


def start_smtp():
    """A started SMTP controller on 127.0.0.1 and its mailbox; stop it with ``.stop()``."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), ready_timeout=5)
    controller.start()
    return controller, mailbox


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1, and Django's SMTP backend pointed at it."""
    controller, mailbox = start_smtp()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "工作要点平台 <noreply@union.example.cn>"
    yield mailbox
    controller.stop()
