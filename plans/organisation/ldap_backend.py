"""Directory login: a Django authentication backend (on when LDAP_SERVER_URI is set) that checks
a login with the directory (``ldap_client``) and gives the person their portal account: the one
of the same login name (or email, with LDAP_MATCH_EMAIL), else a new one; with the name, email
and phone the directory holds and the role and unit its groups map to (LDAP_GROUP_MAP). The
password stays in the directory: the account keeps none, and is never sent to change it.

Why a right password still does not log in (the directory unreachable, no group that gives a
role, a unit the portal lacks) is left on the request as ``directory_problem`` for the login
page; the failure itself is counted by django-axes like any other."""

import logging
import re

from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import AuditEntry, Unit, User

from . import checks, ldap_client, leaders, recorded

log = logging.getLogger(__name__)

UNAVAILABLE = _(
    "The directory server cannot be reached, so directory accounts cannot log in right now. "
    "Try again in a few minutes; if it lasts, tell the administrator."
)
NO_ROLE = _(
    "Your directory account is in none of the groups that give access to the portal. Ask the "
    "administrator to add you to one."
)
UNKNOWN_UNIT = _(
    "The directory puts you in the unit %(unit)s, which the portal does not have. Tell the "
    "administrator."
)
AMBIGUOUS = _(
    "Several portal accounts have your login name or email address, so yours cannot be told "
    "apart. Ask the administrator."
)
MISCONFIGURED = _(
    "Directory login is not set up correctly (the server's log says why). Tell the administrator."
)
# When groups give several roles, the one with the most rights wins.
ROLE_RANK = (User.Role.ADMIN, User.Role.PLANNER, User.Role.LEADER, User.Role.REPORTER)


class Refused(Exception):
    """The directory knows the person, but the portal cannot let them in; says why (None: the
    account is not the directory's to open, nothing to say)."""

    def __init__(self, message=None):
        super().__init__(message)
        self.message = message


def _normal(name):
    """A group DN or name as compared: no spaces around , and =, lower case."""
    return re.sub(r"\s*([,=])\s*", r"\1", name.strip()).lower()


def grants(groups):
    """What the groups [(DN, cn)] give by LDAP_GROUP_MAP: (role, unit name), either None when
    no mapped group names one; None when no group is mapped at all. A group is named in the
    map by its DN or by its name (cn)."""
    names = set()
    for dn, cn in groups:
        first_value = dn.split(",", 1)[0].partition("=")[2]
        names |= {_normal(dn), _normal(cn), _normal(first_value)} - {""}
    matched = [grant for key, grant in settings.LDAP_GROUP_MAP.items() if _normal(key) in names]
    if not matched:
        return None
    roles = [User.Role(grant["role"]) for grant in matched if "role" in grant]
    role = min(roles, key=ROLE_RANK.index) if roles else None
    # The unit of a group that gives the role, else of any group.
    units = [grant["unit"] for grant in matched if grant.get("role") == role and "unit" in grant]
    units += [grant["unit"] for grant in matched if "unit" in grant]
    return role, (units[0].strip() if units else None)


def _details(person):
    """Name, email and phone from the entry's attributes (LDAP_USER_ATTRS); a value the
    portal would refuse is left out, and logged."""
    details = {}
    for key, attribute in settings.LDAP_USER_ATTRS.items():
        value = person.first(attribute).strip()
        if not value:
            continue
        try:
            if key == "first_name":
                value = value[:150]
            elif key == "email":
                value = checks.clean_email(value)
            elif key == "phone":
                value = checks.clean_phone(value)
                if len(value) > 30:
                    raise ValidationError(value)
        except ValidationError:
            log.warning("directory login: %s of %s is not usable: %r", attribute, person.dn, value)
            continue
        details[key] = value
    return details


def _match(username, email):
    """The portal account of this login name (any case), else of this email address when
    LDAP_MATCH_EMAIL is on; None for a new person."""
    found = list(User.objects.filter(username__iexact=username).select_related("unit")[:5])
    exact = [user for user in found if user.username == username]
    if exact or len(found) == 1:
        return (exact or found)[0]
    if found:
        raise Refused(AMBIGUOUS)
    if settings.LDAP_MATCH_EMAIL and email:
        found = User.objects.filter(email__iexact=email, is_superuser=False)
        found = list(found.select_related("unit")[:2])
        if len(found) > 1:
            raise Refused(AMBIGUOUS)
        if found:
            return found[0]
    return None


def _federation():
    """The federation whose units the directory's people belong to: LDAP_FEDERATION, or the
    only one."""
    federations = Unit.objects.filter(parent__isnull=True)
    if settings.LDAP_FEDERATION:
        federations = federations.filter(name=settings.LDAP_FEDERATION)
    found = list(federations[:2])
    if len(found) != 1:
        log.error(
            "directory login: LDAP_FEDERATION=%r names %s federation",
            settings.LDAP_FEDERATION,
            "no" if not found else "more than one",
        )
        raise Refused(MISCONFIGURED)
    return found[0]


def _unit(name):
    federation = _federation()
    if name is None:
        return federation
    unit = Unit.objects.filter(Q(pk=federation.pk) | Q(federation=federation), name=name).first()
    if unit is None:
        log.error("directory login: LDAP_GROUP_MAP names %r, which is not a unit", name)
        raise Refused(UNKNOWN_UNIT % {"unit": name})
    return unit


def account_for(username, person):
    """The portal account of the DirectoryPerson ``person``, who logged in as ``username``:
    found or made, brought up to date with the directory. A deactivated account is returned
    unchanged (the caller refuses it). Raises Refused."""
    details = _details(person)
    granted = grants(person.groups)
    user = _match(username, details.get("email"))
    if user is not None and user.is_superuser:
        # The superuser made with createsuperuser is the way in when all else fails: it keeps
        # its own password, whoever the directory knows by the same name.
        raise Refused()
    if user is not None and not user.is_active:
        return user
    if user is None and granted is None:
        raise Refused(NO_ROLE)
    role, unit_name = granted or (None, None)
    before = recorded.person_values(user) if user is not None else None
    if user is None:
        user = User(username=username, role=role or User.Role.REPORTER)
    elif role is not None:
        user.role = role
    # A new account always has a unit (the federation unless a group names one); an
    # administrator without a unit keeps managing every federation.
    if (
        unit_name is not None
        or user.pk is None
        or (user.unit_id is None and user.role != User.Role.ADMIN)
    ):
        user.unit = _unit(unit_name)
    for key, value in details.items():
        setattr(user, key, value)
    created = user.pk is None
    user.directory_account = True
    user.must_change_password = False
    user.set_unusable_password()
    user.save()
    if created:
        log.info("directory login: made the account %s (%s)", username, person.dn)
    _record(user, before)
    return user


def _record(user, before):
    """What the directory changed in the account (made it, a new name, role or unit…) and a
    leader linked to the responsible leader of their name, in the federation's audit trail with
    the directory as the one who did it; nothing for a login that changed nothing."""
    federation = recorded.federation_of(user)
    if federation is None:  # an administrator without a unit belongs to no federation
        return
    recorded.person_saved(
        None,
        federation,
        user,
        before,
        via=recorded.Via.DIRECTORY,
        password=recorded.Password.DIRECTORY,
        leader=leaders.link_by_name(federation, user),
        by=AuditEntry.Actor.DIRECTORY,
    )


def _tell(request, message):
    if request is not None:
        request.directory_problem = message


class DirectoryBackend(BaseBackend):
    """Logs people in with their directory login name and password (see the module)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.LDAP_ENABLED or not username or not password:
            return None
        try:
            person = ldap_client.authenticate(username, password)
            if person is None:
                return None
            try:
                with transaction.atomic():
                    user = account_for(username.strip(), person)
            except IntegrityError:
                # The same person's first login, twice at once: the other made the account.
                with transaction.atomic():
                    user = account_for(username.strip(), person)
        except ldap_client.DirectoryUnavailable as error:
            log.error("directory login: the directory cannot be used: %s", error)
            _tell(request, UNAVAILABLE)
            return None
        except Refused as refusal:
            if refusal.message:
                _tell(request, refusal.message)
            return None
        return user if user.is_active else None

    def get_user(self, user_id):
        user = User._default_manager.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None
