"""Checks of the values a person types for a unit or an account, shared by the forms and the
list import: notification addresses, phone numbers (a person's, a unit's several), login names."""

import re

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

# A mobile (13812345678, +86 138 1234 5678) or an office line (0833-2123456, 2123456 转 8001).
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,18}[0-9](\s*(转|ext\.?|x)\s*[0-9]{1,6})?$")
EMAIL_SEPARATORS = re.compile(r"[\s,，;；、]+")
# Phone numbers hold spaces ("+86 138 1234 5678"): only line breaks and punctuation separate them.
PHONE_SEPARATORS = re.compile(r"[\n\r,，;；、/／]+")


def split_emails(text):
    """The addresses in ``text`` (one a line, or separated by commas, semicolons or 、)."""
    return [part for part in EMAIL_SEPARATORS.split(text or "") if part]


def clean_emails(text):
    """``text`` as the model keeps it (one address a line); ValidationError naming a bad one."""
    addresses = split_emails(text)
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                _("%(address)s is not an email address.") % {"address": address}
            ) from None
    return "\n".join(dict.fromkeys(addresses))


def clean_email(text):
    """One address, or ValidationError."""
    if len(split_emails(text)) > 1:
        raise ValidationError(_("Give one email address."))
    return clean_emails(text)


def clean_phone(text):
    """A phone number as typed, or ValidationError."""
    text = (text or "").strip()
    if text and not PHONE.match(text):
        raise ValidationError(_("%(phone)s is not a phone number.") % {"phone": text})
    return text


def clean_phones(text):
    """``text`` as the model keeps it (one number a line, each checked by clean_phone; written
    one a line or separated by commas, semicolons, 、 or /); ValidationError naming a bad one."""
    numbers = [clean_phone(part) for part in PHONE_SEPARATORS.split(text or "")]
    return "\n".join(dict.fromkeys(number for number in numbers if number))


def clean_username(text):
    """A login name (letters, digits and @ . + - _), or ValidationError."""
    text = (text or "").strip()
    if len(text) > 150:
        raise ValidationError(_("A login name has at most 150 characters."))
    try:
        UnicodeUsernameValidator()(text)
    except ValidationError:
        raise ValidationError(
            _("%(name)s cannot be a login name: use letters, digits and @ . + - _ only.")
            % {"name": text}
        ) from None
    return text
