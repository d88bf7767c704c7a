"""What every channel shares: the message, the outcome of a delivery and the channel protocol.

A channel's ``send(config, message)`` either returns a ``DeliveryResult`` or raises:

- ``TemporaryFailure`` — try again later (``retry_after`` seconds when the service or our rate
  limiter said how long; otherwise the caller backs off, see ``tasks.channels.retry``);
- ``PermanentFailure`` — trying again will not help: the configuration is wrong (an invalid
  webhook, a bad signing secret, a refused address). The caller marks the channel broken and
  tells the planner, showing ``str(failure)``.

Channels never sleep: a worker must not be held by a rate limit.
"""

import dataclasses
from typing import Any, Protocol, runtime_checkable

from django.conf import settings
from django.utils.translation import gettext as _


@dataclasses.dataclass(frozen=True)
class Message:
    """A message about a task: a title, a few lines of plain text and a link to the task.

    The same message goes to every channel; each renders it its own way (an email in text and
    HTML, a robot's markdown or rich text, an in-app notification). ``url`` may be a path
    ("/tasks/12/"): channels that leave the portal make it absolute with ``settings.SITE_URL``.
    """

    title: str
    lines: tuple[str, ...] = ()
    url: str = ""
    link_text: str = ""
    # The in-app notification's kind ("reminder", "escalation", "test"…), and what it is about.
    kind: str = "reminder"
    task_id: int | None = None
    plan_id: int | None = None

    def __post_init__(self):
        # A title is one line: an email subject with a line break is refused by Django.
        object.__setattr__(self, "title", " ".join(self.title.split()))
        object.__setattr__(self, "lines", tuple(self.lines))

    @classmethod
    def about_task(cls, task, *, title, lines=(), kind="reminder", link_text=""):
        """A message about ``task`` (a plans.Task) linking to its page, with the task's title,
        deadline and lead units after ``lines``. For many tasks, prefetch
        ``responsibilities__unit``: the lead units are read from there."""
        facts = [_("Task: %(task)s") % {"task": f"{task.label}{task.title}"}]
        written = task.deadline_text
        date = task.deadline.isoformat() if task.deadline else ""
        if written and date:
            deadline = _("%(as_written)s (%(date)s)") % {"as_written": written, "date": date}
        else:
            deadline = written or date
        if deadline:
            facts.append(_("Deadline: %(deadline)s") % {"deadline": deadline})
        leads = "、".join(unit.display_name for unit in task.lead_units)
        if leads:
            facts.append(_("Lead unit: %(units)s") % {"units": leads})
        return cls(
            title=title,
            lines=(*lines, *facts),
            url=task.get_absolute_url(),
            link_text=link_text,
            kind=kind,
            task_id=task.pk,
            plan_id=task.plan_id,
        )

    @property
    def absolute_url(self) -> str:
        if not self.url or "://" in self.url:
            return self.url
        return f"{settings.SITE_URL}/{self.url.lstrip('/')}"

    @property
    def link_label(self) -> str:
        return self.link_text or _("Open the task in the portal")

    def text(self) -> str:
        """The message as plain text: title, lines, link."""
        parts = [self.title, "", *self.lines]
        if self.absolute_url:
            link = _("%(label)s: %(url)s") % {"label": self.link_label, "url": self.absolute_url}
            parts += ["", link]
        return "\n".join(parts).strip()


def make_test_message(unit_name: str = "") -> Message:
    """The message behind the "send a test message" button."""
    lines = [_("This is a test message from UnionPlans.")]
    if unit_name:
        lines.append(
            _("If you can read it, reminders for %(unit)s will reach you here.")
            % {"unit": unit_name}
        )
    return Message(
        title=_("UnionPlans test message"),
        lines=tuple(lines),
        url="/",
        link_text=_("Open the portal"),
        kind="test",
    )


@dataclasses.dataclass(frozen=True)
class DeliveryResult:
    """A successful delivery: how many recipients (people, addresses, robots) it reached."""

    kind: str
    recipients: int = 1
    detail: str = ""


class DeliveryError(Exception):
    """A delivery that did not succeed. ``str()`` is a translated sentence for the planner;
    ``code`` is the service's error code (or an SMTP or HTTP status) and ``detail`` its own
    text, for the log."""

    def __init__(self, message: str, *, code: Any = None, detail: str = ""):
        super().__init__(message)
        self.code = code
        self.detail = detail


class TemporaryFailure(DeliveryError):
    """Try again later; ``retry_after`` is how long to wait in seconds, when known."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class PermanentFailure(DeliveryError):
    """Trying again will not help: mark the channel broken and tell the planner."""


@runtime_checkable
class Channel(Protocol):
    """One way of reaching people. ``config`` is a JSON-serialisable dict, per unit."""

    kind: str

    @property
    def label(self) -> str:
        """The channel's name for people (translated)."""
        ...

    def clean_config(self, config: dict) -> dict:
        """The config, normalised; raises django.core.exceptions.ValidationError."""
        ...

    def send(self, config: dict, message: Message) -> DeliveryResult: ...


def fit_utf8(text: str, limit: int, ellipsis: str = "…") -> str:
    """``text`` cut so that it takes at most ``limit`` bytes in UTF-8 (robots count bytes)."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    room = max(limit - len(ellipsis.encode("utf-8")), 0)
    return data[:room].decode("utf-8", errors="ignore") + ellipsis
