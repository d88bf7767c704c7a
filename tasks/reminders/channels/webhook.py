"""What the three chat robots share: checking a webhook address, posting JSON to it within our
rate limit, and turning the answer into success, a temporary or a permanent failure.

Each robot module (wecom, dingtalk, feishu) subclasses ``RobotChannel`` with its payload, its
signing and its table of error codes.
"""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tasks.reminders.channels.base import (
    DeliveryResult,
    Message,
    PermanentFailure,
    TemporaryFailure,
    fit_utf8,
)
from tasks.reminders.channels.ratelimit import RateLimiterUnavailable, get_rate_limiter
from unionplans.lib import outbound

logger = logging.getLogger("tasks.reminders.channels")

MAX_URL_LENGTH = outbound.MAX_URL_LENGTH
DEFAULT_TIMEOUT = 10.0


# --- Addresses -------------------------------------------------------------------------------


def validate_webhook_url(url) -> str:
    """A robot's webhook address, stripped; raises ValidationError.

    The rules are the one way out's (unionplans.lib.outbound): the robots' official hosts or
    one the administrator allowed, https, no address inside our network.
    """
    url = (url or "").strip() if isinstance(url, str) else ""
    if not url:
        raise ValidationError(_("Enter the robot's webhook address."), code="required")
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(_("The webhook address is too long."), code="max_length")
    try:
        outbound.check_url(url)
    except outbound.Refused as refusal:
        raise ValidationError(str(refusal), code=refusal.code) from None
    return url


# --- HTTP ------------------------------------------------------------------------------------


def post_json(url: str, payload: dict, *, timeout: float):
    """POST ``payload`` as JSON through the one way out; return (HTTP status, headers, parsed
    JSON or None).

    Network trouble (refused, unreachable, timed out) is a TemporaryFailure; an address the
    rules refuse and a certificate the server cannot prove are PermanentFailures (retrying will
    not fix them). The sentences are ours: what the network or the server said goes to the log
    only, so that a page never shows what some service behind the address answered.
    """
    try:
        response = outbound.post_json(url, payload, timeout=timeout)
    except outbound.Refused as refusal:
        raise PermanentFailure(str(refusal), code="address") from refusal
    except outbound.NetworkError as error:
        logger.info("Robot request failed (%s): %s", error.code, error)
        if error.code == "certificate":
            raise PermanentFailure(
                _("The robot's server certificate could not be verified."), code="certificate"
            ) from error
        if error.code == "timeout":
            raise TemporaryFailure(
                _(
                    "The robot's service did not answer in time; the message will be sent again "
                    "later."
                ),
                code="timeout",
            ) from error
        raise TemporaryFailure(
            _("The robot's service could not be reached; the message will be sent again later."),
            code="unreachable",
        ) from error
    return response.status, response.headers, response.json()


def as_code(value) -> int | None:
    """A service's error code as an int (None when missing or not a number)."""
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _retry_after_header(headers) -> float | None:
    try:
        value = float(headers.get("Retry-After", ""))
    except (AttributeError, TypeError, ValueError):
        return None
    return value if 0 <= value <= 24 * 3600 else None


# --- The robots' common behaviour ------------------------------------------------------------

# What a permanent error code means, to tell the planner what to fix.
WEBHOOK, SIGNATURE, KEYWORD, IP_ADDRESS, DISABLED, MESSAGE = (
    "webhook",
    "signature",
    "keyword",
    "ip",
    "disabled",
    "message",
)


def _permanent_reason(reason, code):
    texts = {
        WEBHOOK: _(
            "The robot did not recognise its address (error %(code)s): check the webhook URL; the "
            "robot may have been removed from the group."
        ),
        SIGNATURE: _(
            "The robot refused the signature (error %(code)s): check the signing secret and the "
            "server's clock."
        ),
        KEYWORD: _(
            "The robot requires a keyword the message does not contain (error %(code)s): use "
            "signing instead, or make the portal's name a keyword."
        ),
        IP_ADDRESS: _(
            "The robot does not accept messages from this server's IP address (error %(code)s): "
            "add it to the robot's allowed addresses."
        ),
        DISABLED: _("The robot has been disabled (error %(code)s)."),
    }
    text = texts.get(reason) or _("The robot's service refused the message (error %(code)s).")
    return text % {"code": code}


class RobotChannel:
    """A chat robot reached through a webhook. Subclasses set the class attributes below and
    implement ``request(config, message) -> (url, payload)`` and ``answer(data) -> (code,
    detail)``."""

    kind = ""
    label = ""
    # The official service's host, shown as a hint; it is one of the one way out's default
    # hosts (unionplans.lib.outbound), and an administrator can allow a relay.
    official_host = ""
    # (messages, seconds): the service's documented limit per robot.
    rate_limit = (20, 60.0)
    # The most bytes of text the service accepts in one message.
    max_bytes = 4000
    # Error codes worth retrying, with the wait the service imposes (None: back off).
    temporary_codes: dict[int, float | None] = {}
    # Error codes that will not go away, with what they mean (see _permanent_reason).
    permanent_codes: dict[int, str] = {}
    has_secret = False

    # Config ----------------------------------------------------------------------------------

    def clean_config(self, config) -> dict:
        """{"webhook": url[, "secret": signing secret]}, stripped; raises ValidationError."""
        if not isinstance(config, dict):
            raise ValidationError(_("The channel's settings are missing."), code="invalid")
        cleaned = {"webhook": validate_webhook_url(config.get("webhook"))}
        if self.has_secret:
            secret = config.get("secret") or ""
            if not isinstance(secret, str) or len(secret) > 200:
                raise ValidationError(_("The signing secret is not valid."), code="invalid")
            cleaned["secret"] = secret.strip()
        return cleaned

    # Sending ---------------------------------------------------------------------------------

    def send(self, config, message: Message) -> DeliveryResult:
        try:
            config = self.clean_config(config)
        except ValidationError as exc:
            raise PermanentFailure(" ".join(exc.messages), code="config") from exc
        self._take_slot(config["webhook"])
        url, payload = self.request(config, message)
        timeout = float(getattr(settings, "CHANNELS_HTTP_TIMEOUT", DEFAULT_TIMEOUT))
        status, headers, data = post_json(url, payload, timeout=timeout)
        self._check(status, headers, data)
        return DeliveryResult(kind=self.kind)

    def _take_slot(self, webhook):
        limit, period = self.limits()
        # The key is a digest: the webhook's query is the robot's secret key.
        key = f"{self.kind}:{hashlib.sha256(webhook.encode()).hexdigest()[:32]}"
        try:
            wait = get_rate_limiter(limit, period).acquire(key)
        except RateLimiterUnavailable as exc:
            raise TemporaryFailure(
                _("The rate limiter is not available; the message will be sent again later."),
                code="ratelimiter",
                detail=str(exc),
            ) from exc
        if wait > 0:
            raise TemporaryFailure(
                _(
                    "The robot's limit of %(limit)s messages in %(period)s seconds is reached; "
                    "the message will be sent again later."
                )
                % {"limit": limit, "period": f"{period:g}"},
                retry_after=wait,
                code="ratelimited",
            )

    def limits(self):
        """(messages, seconds) for this robot kind; ``settings.CHANNELS_RATE_LIMITS`` can
        override it, e.g. {"wecom": (10, 60)}."""
        override = getattr(settings, "CHANNELS_RATE_LIMITS", {}).get(self.kind)
        limit, period = override or self.rate_limit
        return int(limit), float(period)

    def _check(self, status, headers, data):
        code, detail = self.answer(data) if isinstance(data, dict) else (None, "")
        if code == 0 and 200 <= status < 300:
            return
        if code not in (None, 0):
            if code in self.temporary_codes:
                raise TemporaryFailure(
                    _(
                        "The robot's service asked to wait (error %(code)s); the message will be "
                        "sent again later."
                    )
                    % {"code": code},
                    retry_after=self.temporary_codes[code] or _retry_after_header(headers),
                    code=code,
                )
            # Unknown codes are permanent: a retry storm against a robot that refuses us would
            # only get it blocked; the planner is told and can send a test message. The
            # service's own text only picks our sentence: it is never shown or stored.
            reason = self.permanent_codes.get(code) or self.reason_from_detail(detail)
            raise PermanentFailure(_permanent_reason(reason, code), code=code)
        if status in (408, 425, 429) or status >= 500:
            raise TemporaryFailure(
                _(
                    "The robot's service answered with HTTP status %(status)s; the message will "
                    "be sent again later."
                )
                % {"status": status},
                retry_after=_retry_after_header(headers),
                code=status,
            )
        raise PermanentFailure(
            _(
                "The webhook address answered with HTTP status %(status)s, not as a %(robot)s "
                "would: check the webhook URL."
            )
            % {"status": status, "robot": self.label},
            code=status,
        )

    def reason_from_detail(self, detail) -> str:
        """A permanent error's meaning from the service's text, for codes that cover several."""
        return MESSAGE

    # Rendering helpers -----------------------------------------------------------------------

    def escape(self, text: str) -> str:
        """``text`` (typed by people: task titles, unit names) made inert in this robot's
        format; see tasks.reminders.channels.markdown."""
        return text

    def title(self, message: Message) -> str:
        return self.escape(message.title)

    def body_lines(self, message: Message, budget: int) -> list[str]:
        """The message's lines, escaped, cut to fit ``budget`` bytes, then the portal's name
        (a robot with a keyword can use it). Escaping comes first: it makes the text longer."""
        body = fit_utf8("\n".join(self.escape(line) for line in message.lines), max(budget, 0))
        lines = [line for line in body.split("\n") if line.strip()]
        lines.append("—— " + self.escape(_("UnionPlans")))
        return lines

    def budget(self, message: Message) -> int:
        url = message.absolute_url.encode()
        overhead = len(self.title(message).encode()) + 2 * len(url) + 300
        return self.max_bytes - overhead

    # To be written by each robot -------------------------------------------------------------

    def request(self, config: dict, message: Message) -> tuple[str, dict]:
        raise NotImplementedError

    def answer(self, data: dict) -> tuple[int | None, str]:
        raise NotImplementedError
