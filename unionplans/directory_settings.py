"""The directory login (LDAP) settings, read from the environment and checked: a bad value
stops the process at start-up with a message naming the variable (as ``unionplans.env`` does for
one value; the checks here are of values together). ``unionplans/settings.py`` imports the
``LDAP_*`` names below; see docs/organisation.md, "Directory login", and docs/operations.md.

Off unless LDAP_SERVER_URI is set: nothing else is then checked.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from unionplans.env import env_bool, env_int, env_json_object, env_pairs, env_str

__all__ = [
    "LDAP_BIND_DN",
    "LDAP_BIND_PASSWORD",
    "LDAP_CA_FILE",
    "LDAP_ENABLED",
    "LDAP_FEDERATION",
    "LDAP_GROUP_FILTER",
    "LDAP_GROUP_MAP",
    "LDAP_GROUP_SEARCH_BASE",
    "LDAP_MATCH_EMAIL",
    "LDAP_ROLES",
    "LDAP_SERVER_URI",
    "LDAP_START_TLS",
    "LDAP_TIMEOUT",
    "LDAP_USER_ATTRS",
    "LDAP_USER_DN_TEMPLATE",
    "LDAP_USER_FILTER",
    "LDAP_USER_SEARCH_BASE",
]

LDAP_SERVER_URI = env_str("LDAP_SERVER_URI", "").strip()
LDAP_ENABLED = bool(LDAP_SERVER_URI)
LDAP_START_TLS = env_bool("LDAP_START_TLS", False)
LDAP_CA_FILE = env_str("LDAP_CA_FILE", "")
LDAP_BIND_DN = env_str("LDAP_BIND_DN", "")
LDAP_BIND_PASSWORD = env_str("LDAP_BIND_PASSWORD", "")
# A person's entry: found under a search base by a filter, or named by a DN template.
LDAP_USER_SEARCH_BASE = env_str("LDAP_USER_SEARCH_BASE", "")
LDAP_USER_FILTER = env_str("LDAP_USER_FILTER", "(uid=%(user)s)")
LDAP_USER_DN_TEMPLATE = env_str("LDAP_USER_DN_TEMPLATE", "")
LDAP_GROUP_SEARCH_BASE = env_str("LDAP_GROUP_SEARCH_BASE", "")
LDAP_GROUP_FILTER = env_str(
    "LDAP_GROUP_FILTER", "(|(member=%(dn)s)(uniqueMember=%(dn)s)(memberUid=%(user)s))"
)
# {"group DN or cn": {"role": "planner", "unit": "宣教部"}, …}: a member gets that role and unit.
LDAP_GROUP_MAP = env_json_object("LDAP_GROUP_MAP")
LDAP_USER_ATTRS = env_pairs(
    "LDAP_USER_ATTRS", "first_name=cn,email=mail", ("first_name", "email", "phone")
)
LDAP_MATCH_EMAIL = env_bool("LDAP_MATCH_EMAIL", False)
LDAP_FEDERATION = env_str("LDAP_FEDERATION", "")
LDAP_TIMEOUT = env_int("LDAP_TIMEOUT", 5)
LDAP_ROLES = ("planner", "reporter", "leader", "admin")  # plans.models.User.Role (tested)


def _ldap_placeholders(name, value, keys):
    """A filter or DN template with %(user)s (and the other ``keys``) and nothing else."""
    try:
        value % dict.fromkeys(keys, "x")
    except (KeyError, ValueError, TypeError):
        raise ImproperlyConfigured(
            f"{name}={value!r} may hold only {', '.join(f'%({key})s' for key in keys)}."
        ) from None
    if name != "LDAP_GROUP_FILTER" and "%(user)s" not in value:
        raise ImproperlyConfigured(f"{name}={value!r} must hold %(user)s, the login name.")
    if "FILTER" in name and not (value.startswith("(") and value.endswith(")")):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not an LDAP filter such as (uid=%(user)s)."
        )


def _check_directory_settings():
    """Every LDAP_* setting makes sense with the others, or ImproperlyConfigured says which."""
    uri = urlsplit(LDAP_SERVER_URI)
    try:
        port_ok = uri.port != 0
    except ValueError:
        port_ok = False
    if (
        not port_ok
        or uri.scheme not in ("ldap", "ldaps")
        or not uri.hostname
        or uri.path not in ("", "/")
    ):
        raise ImproperlyConfigured(
            f"LDAP_SERVER_URI={LDAP_SERVER_URI!r} must be ldap://host[:port] or ldaps://host[:port]."
        )
    if LDAP_START_TLS and uri.scheme == "ldaps":
        raise ImproperlyConfigured("LDAP_START_TLS is for ldap://; ldaps:// is encrypted already.")
    if LDAP_CA_FILE and not Path(LDAP_CA_FILE).is_file():
        raise ImproperlyConfigured(f"LDAP_CA_FILE={LDAP_CA_FILE!r} is not a file.")
    if bool(LDAP_USER_DN_TEMPLATE) == bool(LDAP_USER_SEARCH_BASE):
        raise ImproperlyConfigured(
            "Set one of LDAP_USER_SEARCH_BASE (with LDAP_USER_FILTER) and LDAP_USER_DN_TEMPLATE."
        )
    if LDAP_BIND_PASSWORD and not LDAP_BIND_DN:
        raise ImproperlyConfigured("LDAP_BIND_PASSWORD is set without LDAP_BIND_DN.")
    _ldap_placeholders("LDAP_USER_FILTER", LDAP_USER_FILTER, ("user",))
    if LDAP_USER_DN_TEMPLATE:
        _ldap_placeholders("LDAP_USER_DN_TEMPLATE", LDAP_USER_DN_TEMPLATE, ("user",))
    _ldap_placeholders("LDAP_GROUP_FILTER", LDAP_GROUP_FILTER, ("user", "dn"))
    for group, grant in LDAP_GROUP_MAP.items():
        if not isinstance(grant, dict) or not grant or set(grant) - {"role", "unit"}:
            raise ImproperlyConfigured(
                f'LDAP_GROUP_MAP: {group!r} must map to {{"role": …, "unit": …}} (either or both).'
            )
        if "role" in grant and grant["role"] not in LDAP_ROLES:
            raise ImproperlyConfigured(
                f"LDAP_GROUP_MAP: {group!r} has role {grant['role']!r}; roles are "
                f"{', '.join(LDAP_ROLES)}."
            )
        if "unit" in grant and not (isinstance(grant["unit"], str) and grant["unit"].strip()):
            raise ImproperlyConfigured(f"LDAP_GROUP_MAP: {group!r} has no unit name.")
    if LDAP_TIMEOUT < 1:
        raise ImproperlyConfigured("LDAP_TIMEOUT must be 1 second or more.")


if LDAP_ENABLED:
    _check_directory_settings()
