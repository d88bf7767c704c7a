"""Security helpers (docs/security.md, "Logins and deployment"): the client address the login
throttle counts by, and the warnings that a production deployment serves plain HTTP or sends
directory passwords unencrypted."""

from django.conf import settings
from django.core import checks

PLAIN_LDAP_WARNING = (
    "LDAP_SERVER_URI is ldap:// without LDAP_START_TLS: the passwords people type cross the "
    "network to the directory unencrypted."
)
PLAIN_HTTP_WARNING = (
    "ALLOW_PLAIN_HTTP is on: the portal is served over plain HTTP, so passwords and session "
    "cookies cross the network unencrypted (no HTTPS redirect, no HSTS, no Secure cookies)."
)


def client_ip(request):
    """The address a login attempt came from, for django-axes.

    Behind the reverse proxy (BEHIND_PROXY), REMOTE_ADDR is the proxy's; the client's is the
    right-most X-Forwarded-For entry, the one the proxy appended. Entries to its left come from
    the client and could be forged to dodge the per-address limit."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        address = forwarded.rsplit(",", 1)[-1].strip()
        if address:
            return address
    return request.META.get("REMOTE_ADDR")


def plain_http_check(app_configs, **kwargs):
    """`check --deploy` names the choice of plain HTTP (Django's own warnings about what it
    turns off are silenced in the settings)."""
    if settings.ALLOW_PLAIN_HTTP and not settings.DEBUG:
        return [
            checks.Warning(
                PLAIN_HTTP_WARNING,
                hint="Serve the portal over HTTPS and unset ALLOW_PLAIN_HTTP (docs/security.md).",
                id="unionplans.W001",
            )
        ]
    return []


def plain_ldap_check(app_configs, **kwargs):
    """`check --deploy` warns of directory login without TLS (ldap:// without StartTLS)."""
    if (
        settings.LDAP_ENABLED
        and settings.LDAP_SERVER_URI.startswith("ldap://")
        and not settings.LDAP_START_TLS
    ):
        return [
            checks.Warning(
                PLAIN_LDAP_WARNING,
                hint="Use ldaps:// or set LDAP_START_TLS=1 (docs/organisation.md).",
                id="unionplans.W002",
            )
        ]
    return []
