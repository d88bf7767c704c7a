"""Accounts: created with a generated initial password shown once, reset the same way,
deactivated but never deleted (their reports stay theirs), and the first-login change."""

import secrets

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.db import transaction

# No 0/O, 1/l/I: the password is read off a screen and typed by someone else.
ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12
# A random initial password of 70 bits needs no slow hash to be safe, and importing 300 people
# with the full 1,000,000 PBKDF2 iterations would take minutes. Django re-hashes it with the
# full count at the first login, and the person replaces it then anyway.
INITIAL_ITERATIONS = 20_000


def generate_password():
    """A random password that is easy to read aloud and type."""
    return "".join(secrets.choice(ALPHABET) for _ in range(PASSWORD_LENGTH))


def initial_password_hash(password):
    """The stored form of a generated initial password (see INITIAL_ITERATIONS)."""
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=INITIAL_ITERATIONS)
    return make_password(password)


def give_initial_password(user):
    """Set a new generated password on ``user`` (not saved), to be changed at first login;
    returns it, for showing once."""
    password = generate_password()
    user.password = initial_password_hash(password)
    user.must_change_password = True
    # A password of the portal's own: the account no longer logs in through the directory.
    user.directory_account = False
    return password


def create_account(**fields):
    """A new active account with an initial password; returns (user, password)."""
    from plans.models import User

    user = User(**fields)
    password = give_initial_password(user)
    user.save()
    return user, password


@transaction.atomic
def reset_password(user):
    """A new initial password for ``user``; returns it, for showing once."""
    password = give_initial_password(user)
    user.save(update_fields=["password", "must_change_password", "directory_account"])
    return password


def set_active(user, active):
    """Let ``user`` log in again, or no more. Accounts are never deleted: their reports,
    reviews and history name them."""
    user.is_active = active
    user.save(update_fields=["is_active"])


def password_changed(user):
    """The person chose their own password: no more sending them to change it."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
