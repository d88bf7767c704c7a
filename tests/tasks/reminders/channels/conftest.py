# The loopback SMTP and robot servers live in tests.tasks.reminders.channels.servers, shared with
# other tests; importing the fixtures here makes them (and the autouse rate-limit prefix) apply to
# this folder.
from tests.tasks.reminders.channels.servers import (  # noqa: F401
    Mailbox,
    free_port,
    fresh_rate_limits,
    robots,
    smtp_server,
)
