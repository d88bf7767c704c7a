"""Email: one message in plain text and HTML, in the active language (Chinese), with a link to
the task, sent through Django's configured email backend (SMTP in production).

Config: {"addresses": ["a@example.cn", …]} — a unit's addresses, ``config_for_unit(unit)``.

Errors: the server refusing every address with 5xx is permanent (the unit's address is wrong),
with 4xx temporary (a full mailbox, greylisting); a server that cannot be reached, times out or
answers 4xx is temporary; other 5xx answers (a refused sender, a refused login) are permanent.
An address refused while others are accepted is not reported: Django's SMTP backend ignores it.
"""

import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from tasks.models import channel_kinds as kinds
from tasks.reminders.channels.base import (
    DeliveryResult,
    Message,
    PermanentFailure,
    TemporaryFailure,
)

MAX_ADDRESSES = 50


def config_for_unit(unit) -> dict:
    """The email channel's config for a unit: its notification addresses."""
    return {"addresses": unit.email_list()}


class EmailChannel:
    kind = kinds.EMAIL
    label = kinds.LABELS[kinds.EMAIL]

    def clean_config(self, config) -> dict:
        """{"addresses": [...]}: stripped, each checked, duplicates dropped."""
        addresses = config.get("addresses") if isinstance(config, dict) else None
        if isinstance(addresses, str):
            addresses = addresses.splitlines()
        if not isinstance(addresses, list | tuple):
            raise ValidationError(_("Enter at least one email address."), code="required")
        cleaned = []
        for address in addresses:
            address = str(address).strip()
            if not address or address.lower() in (a.lower() for a in cleaned):
                continue
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError(
                    _("%(address)s is not a valid email address.") % {"address": address},
                    code="invalid",
                ) from None
            cleaned.append(address)
        if not cleaned:
            raise ValidationError(_("Enter at least one email address."), code="required")
        if len(cleaned) > MAX_ADDRESSES:
            raise ValidationError(
                _("Enter at most %(count)s email addresses.") % {"count": MAX_ADDRESSES},
                code="max",
            )
        return {"addresses": cleaned}

    def send(self, config, message: Message) -> DeliveryResult:
        try:
            addresses = self.clean_config(config)["addresses"]
        except ValidationError as exc:
            raise PermanentFailure(" ".join(exc.messages), code="config") from exc
        email = EmailMultiAlternatives(
            subject=message.title,
            body=render_text(message),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=addresses,
            # An automatic message (RFC 3834): out-of-office replies should not answer it.
            headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
        )
        email.attach_alternative(render_html(message), "text/html")
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise _refused(exc) from exc
        except smtplib.SMTPResponseException as exc:
            raise _smtp_answer(exc) from exc
        except OSError as exc:
            # Refused connection, timeout, TLS failure, the server hanging up (SMTPException is
            # an OSError too): the server may be back later.
            raise TemporaryFailure(
                _(
                    "The mail server could not be reached (%(reason)s); the email will be sent "
                    "again later."
                )
                % {"reason": str(exc) or exc.__class__.__name__},
                code="unreachable",
                detail=repr(exc),
            ) from exc
        return DeliveryResult(kind=self.kind, recipients=len(addresses))


def _refused(exc: smtplib.SMTPRecipientsRefused):
    codes = {address: code for address, (code, _text) in exc.recipients.items()}
    detail = "; ".join(
        f"{address}: {code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
        for address, (code, text) in exc.recipients.items()
    )
    if all(400 <= code < 500 for code in codes.values()):
        return TemporaryFailure(
            _(
                "The mail server cannot take the email for %(addresses)s now (%(code)s); it will "
                "be sent again later."
            )
            % {"addresses": "、".join(codes), "code": _status(min(codes.values()))},
            code=min(codes.values()),
            detail=detail,
        )
    return PermanentFailure(
        _(
            "The mail server refused the address %(addresses)s (%(code)s): check the unit's "
            "email addresses."
        )
        % {
            "addresses": "、".join(a for a, code in codes.items() if code >= 500),
            "code": _status(max(codes.values())),
        },
        code=max(codes.values()),
        detail=detail,
    )


def _smtp_answer(exc: smtplib.SMTPResponseException):
    text = exc.smtp_error
    detail = f"{exc.smtp_code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    if 400 <= exc.smtp_code < 500 or exc.smtp_code < 0:
        return TemporaryFailure(
            _("The mail server is busy (%(code)s); the email will be sent again later.")
            % {"code": _status(exc.smtp_code)},
            code=exc.smtp_code,
            detail=detail,
        )
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        text = _("The mail server refused the portal's login (%(code)s): tell the administrator.")
    elif isinstance(exc, smtplib.SMTPSenderRefused):
        text = _(
            "The mail server refused the portal's sender address (%(code)s): tell the "
            "administrator."
        )
    else:
        text = _("The mail server refused the email (%(code)s).")
    return PermanentFailure(
        text % {"code": _status(exc.smtp_code)}, code=exc.smtp_code, detail=detail
    )


def _status(code):
    """The SMTP status people read: the number only. The server's own text may say anything
    (a link, a name) and goes to the log as the failure's ``detail``."""
    return f"SMTP {code}"


# --- Rendering -------------------------------------------------------------------------------


def _footer():
    return _("This email was sent automatically by %(site)s. Please do not reply to it.") % {
        "site": _("UnionPlans")
    }


def render_text(message: Message) -> str:
    return f"{message.text()}\n\n-- \n{_footer()}\n"


def render_html(message: Message) -> str:
    """The HTML part: inline styles only, as mail clients drop style sheets."""
    lines = format_html_join(
        "\n", '<p style="margin:0 0 8px">{}</p>', ((line,) for line in message.lines)
    )
    link = ""
    if message.absolute_url:
        link = format_html(
            '<p style="margin:16px 0"><a href="{url}" style="display:inline-block;'
            "padding:8px 16px;background:#b02a37;color:#ffffff;text-decoration:none;"
            'border-radius:4px">{label}</a></p>'
            '<p style="margin:0 0 8px;font-size:12px;color:#6c757d">{url}</p>',
            url=message.absolute_url,
            label=message.link_label,
        )
    return format_html(
        '<!DOCTYPE html>\n<html lang="{lang}">\n<head><meta charset="utf-8"><title>{title}'
        "</title></head>\n"
        "<body style=\"font-family:'PingFang SC','Microsoft YaHei',sans-serif;font-size:15px;"
        'line-height:1.6;color:#212529">\n'
        '<h2 style="font-size:18px;margin:0 0 12px">{title}</h2>\n{lines}\n{link}\n'
        '<hr style="border:none;border-top:1px solid #dee2e6;margin:16px 0">\n'
        '<p style="font-size:12px;color:#6c757d">{footer}</p>\n</body>\n</html>\n',
        lang=translation.get_language() or settings.LANGUAGE_CODE,
        title=message.title,
        lines=lines,
        link=link,
        footer=_footer(),
    )


channel = EmailChannel()
