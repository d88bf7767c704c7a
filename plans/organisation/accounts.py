"""Accounts: created with a generated initial password shown once, reset the same way,
deactivated but never deleted (their reports stay theirs), changed by a planner or by the person
(their own details, their password). Each change is recorded in the federation's audit trail
(``recorded``), never a password."""

import secrets

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.db import transaction

from . import recorded

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


def new_account(**fields):
    """A new active account with an initial password, saved but not recorded (the list import
    records its rows together); returns (user, password)."""
    from plans.models import User

    user = User(**fields)
    password = give_initial_password(user)
    user.save()
    return user, password


@transaction.atomic
def create_account(actor, federation, **fields):
    """A new active account of ``federation`` with an initial password, made by ``actor`` and
    recorded; returns (user, password)."""
    user, password = new_account(**fields)
    recorded.person_saved(actor, federation, user, None, password=recorded.Password.INITIAL)
    return user, password


@transaction.atomic
def save_account(user, actor, before):
    """Save the changes ``actor`` made to ``user``'s name, unit, role or contacts and record
    them (``before``: ``recorded.person_values`` taken before the change)."""
    user.save()
    recorded.person_saved(actor, recorded.federation_of(user), user, before)
    return user


@transaction.atomic
def save_profile(user, before):
    """Save the person's own name and contact details and record them (``before``:
    ``recorded.person_values`` taken before)."""
    user.save()
    recorded.person_saved(
        user, recorded.federation_of(user), user, before, action=recorded.PROFILE_CHANGED
    )
    return user


@transaction.atomic
def reset_password(user, actor):
    """A new initial password for ``user``, reset by ``actor`` and recorded (that it was reset
    and how, not the password); returns it, for showing once."""
    password = give_initial_password(user)
    user.save(update_fields=["password", "must_change_password", "directory_account"])
    recorded.person_event(
        actor,
        user,
        recorded.PASSWORD_RESET,
        after={"password": recorded.Password.INITIAL},
    )
    return password


@transaction.atomic
def set_active(user, active, actor):
    """Let ``user`` log in again, or no more, as ``actor`` decided; recorded. Accounts are never
    deleted: their reports, reviews and history name them."""
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    recorded.person_event(
        actor,
        user,
        recorded.REACTIVATED if active else recorded.DEACTIVATED,
        before={"is_active": not active},
        after={"is_active": active},
    )


@transaction.atomic
def password_changed(user):
    """The person chose their own password, recorded: no more sending them to change it."""
    replaced = user.must_change_password
    if replaced:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    recorded.person_event(
        user,
        user,
        recorded.PASSWORD_REPLACED if replaced else recorded.PASSWORD_CHANGED,
        after={"password": recorded.Password.OWN},
    )
