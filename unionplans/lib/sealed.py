"""Secrets encrypted at rest: a JSON field whose value the database only sees encrypted.

A robot's webhook carries its key and its signing secret signs our messages: whoever reads them
(a database dump, a backup, a support session) can post into the unit's group chat. They are
encrypted with Fernet (AES-128-CBC and HMAC-SHA256, from the ``cryptography`` package) under
``settings.FIELD_ENCRYPTION_KEYS``: any strings, each turned into a key by SHA-256; the first
encrypts, all decrypt, so a key can be rotated by putting the new one first (rows are
re-encrypted as they are saved).

The column holds a JSON string "fernet:…"; a value written before encryption (a JSON object)
is read as it is and encrypted on its next save. The decrypted value cannot be searched in SQL.
A dump (``dumpdata``, a fixture) carries the sealed text too and loads back under the same keys.
"""

import base64
import hashlib
import json
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models
from django.db.models.expressions import Expression

logger = logging.getLogger(__name__)

PREFIX = "fernet:"


def _fernet():
    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", ()))
    if not keys:
        raise RuntimeError("settings.FIELD_ENCRYPTION_KEYS is empty.")
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest())) for key in keys]
    )


def seal(text: str) -> str:
    """``text`` encrypted, as "fernet:<token>"."""
    return PREFIX + _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def unseal(sealed: str) -> str:
    """The text sealed by ``seal``; raises InvalidToken under a key we do not have."""
    return _fernet().decrypt(sealed[len(PREFIX) :].encode("ascii")).decode("utf-8")


def is_sealed(value) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


class SealedJSONField(models.JSONField):
    """A JSONField stored encrypted (see the module's docstring). A value that cannot be
    decrypted (the key was lost or changed without keeping the old one) reads as ``{}`` and is
    logged: the robot then looks unconfigured rather than breaking every page."""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or isinstance(value, Expression) or is_sealed(value):
            return value
        return seal(json.dumps(value, cls=self.encoder, ensure_ascii=False))

    def value_to_string(self, obj):
        """The value as serialisers write it: sealed, so that a dump holds no secret."""
        value = self.value_from_object(obj)
        if value is None or is_sealed(value):
            return value
        return seal(json.dumps(value, cls=self.encoder, ensure_ascii=False))

    def to_python(self, value):
        """A sealed value read back from a dump, decrypted."""
        if is_sealed(value):
            return json.loads(unseal(value), cls=self.decoder)
        return super().to_python(value)

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        if not is_sealed(value):
            return value  # written before encryption, or NULL
        try:
            return json.loads(unseal(value), cls=self.decoder)
        except (InvalidToken, ValueError):
            logger.error(
                "A %s value could not be decrypted: FIELD_ENCRYPTION_KEY changed?",
                self.model._meta.label if hasattr(self, "model") else "sealed",
            )
            return {}
