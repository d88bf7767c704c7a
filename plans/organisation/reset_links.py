"""Forgotten passwords (忘记密码): a link sent by email, used once.

A person types their login name or email address on the login page's "forgot password" form
(``ask``). Every active account it names that keeps its password in the portal and has an email
address gets a ``ResetLink`` row, at most one per RESET_LINK_INTERVAL_MINUTES, and
``send_reset_link`` is queued when the transaction commits. The worker claims the row in one
UPDATE before sending (``send``), so a redelivered message sends nothing twice. The link carries
Django's password reset token: it stops working when the password changes (so it is used once)
and after PASSWORD_RESET_TIMEOUT. The form answers the same whatever was typed, so it tells
nobody which accounts exist. Setting the password through the link is recorded (``used``).
"""

import datetime
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from plans.models import ResetLink, User
from plans.organisation import recorded

logger = logging.getLogger("plans.organisation.reset_links")

# A reply of the mail server is not for people to read; the row keeps our words and the code.
ERROR_LENGTH = ResetLink._meta.get_field("error").max_length


def interval():
    """How long after one link another one is not sent to the same person."""
    return datetime.timedelta(minutes=settings.RESET_LINK_INTERVAL_MINUTES)


def timing():
    """How long a link works and how often one is sent, for the pages that say so."""
    return {
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "minutes": settings.RESET_LINK_INTERVAL_MINUTES,
    }


def accounts_named(identifier):
    """The accounts a link may go to for what was typed: active, with an email address, their
    password kept by the portal (not the directory's), named by login name or email address."""
    identifier = (identifier or "").strip()
    if not identifier:
        return []
    named = User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))
    return [user for user in named.select_related("unit") if can_receive(user)]


@transaction.atomic
def ask(identifier, language=None):
    """Queue a reset link for each account ``identifier`` names (see ``accounts_named``),
    unless one was asked for within ``interval()``. Returns the new rows (for tests; the page
    says the same either way)."""
    links = (_queue(user, language) for user in accounts_named(identifier))
    return [link for link in links if link is not None]


def _queue(user, language):
    """A new link for ``user``, queued for the worker after the commit; None when one was made
    within ``interval()``. The person's expired links go: a person keeps at most one row past
    the link's lifetime. Call inside a transaction."""
    # Locked, so that two forms sent at once make one link, not two.
    User.objects.select_for_update().filter(pk=user.pk).first()
    now = timezone.now()
    if ResetLink.objects.filter(user=user, requested_at__gte=now - interval()).exists():
        return None
    expired = now - datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    ResetLink.objects.filter(user=user, requested_at__lt=expired).delete()
    link = ResetLink.objects.create(user=user)
    send_reset_link.delay(link.pk, language or settings.LANGUAGE_CODE)
    return link


def can_receive(user):
    """Whether a link can be mailed to ``user`` (see ``accounts_named``)."""
    return bool(
        user.is_active
        and user.email
        and user.has_usable_password()
        and not user.password_in_directory
    )


@transaction.atomic
def send_for(user, actor, language=None):
    """A link mailed to ``user`` because ``actor`` (a planner, an administrator) asked, in
    place of an initial password read out to them: their current password keeps working until
    they use it. Recorded. Returns the new row, or None when one was sent within ``interval()``
    (the caller says so) — callers check ``can_receive`` first."""
    link = _queue(user, language)
    if link is not None:
        recorded.person_event(actor, user, recorded.RESET_LINK_SENT, after={"email": user.email})
    return link


def confirm_path(user):
    """The path of the page where ``user`` sets a new password with a fresh token."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def _message(user, now):
    expires = timezone.localtime(now + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT))
    context = {
        "name": user.get_full_name() or user.username,
        "username": user.username,
        "expires": formats.date_format(expires, "DATETIME_FORMAT"),
        "url": f"{settings.SITE_URL}{confirm_path(user)}",
    }
    subject = _("Set a new password for the work plan portal")
    body = (
        _(
            "%(name)s,\n\n"
            "someone, probably you, asked to set a new password for the account "
            "%(username)s of the union's work plan portal. To do so, open this link before "
            "%(expires)s; it works once:\n\n%(url)s\n\n"
            "If you did not ask for it, ignore this message: your password stays as it is."
        )
        % context
    )
    return subject, body


def claim(link_id, now):
    """Take the link for this worker: True if it had not been sent. One UPDATE, so a second
    delivery of the same message finds it taken."""
    return bool(ResetLink.objects.filter(pk=link_id, sent_at=None).update(sent_at=now))


def send(link_id, language=None):
    """Send the link's mail once; a failure is kept on the row in our words (the person can ask
    again after ``interval()``)."""
    now = timezone.now()
    if not claim(link_id, now):
        return False
    link = ResetLink.objects.select_related("user").get(pk=link_id)
    with translation.override(language or settings.LANGUAGE_CODE):
        subject, body = _message(link.user, now)
        # An automatic message (RFC 3834): out-of-office replies should not answer it.
        headers = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}
        try:
            EmailMessage(subject, body, to=[link.user.email], headers=headers).send()
        except OSError as exc:  # smtplib's errors, refused connections and timeouts alike
            error = _("The mail was not sent (%(reason)s).") % {"reason": _reason(exc)}
            ResetLink.objects.filter(pk=link_id).update(error=error[:ERROR_LENGTH])
            logger.warning("Reset link %s not sent: %r", link_id, exc)
            return False
    return True


def _reason(exc):
    """The SMTP status, or the kind of failure: never the server's own text, which may say
    anything (the log has it)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return f"SMTP {max(code for code, _text in exc.recipients.values())}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"SMTP {exc.smtp_code}"
    return type(exc).__name__


@shared_task(name="plans.send_reset_link")
def send_reset_link(link_id, language=None):
    """The worker's side of ``ask``."""
    send(link_id, language)


@transaction.atomic
def used(user):
    """The person set a new password through a link: recorded, and no more asking them to
    change it."""
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    recorded.person_event(
        user,
        user,
        recorded.PASSWORD_SET_BY_LINK,
        after={"password": recorded.Password.OWN},
    )
