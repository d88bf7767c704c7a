"""Talking to the directory (LDAP) with ldap3, pure Python (see docs/organisation.md, "Directory
login", for why not python-ldap): find a person's entry, check their password by binding as
them, read their attributes and groups. Everything comes from the LDAP_* settings.

A wrong password or an unknown login is None; a directory that cannot be reached or refuses
the portal's own account is DirectoryUnavailable, so that the login page can say which."""

import contextlib
import logging
import ssl
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from ldap3 import BASE, NONE, SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn

log = logging.getLogger(__name__)

# Results that say the server, not the person, is the problem: busy, unavailable (RFC 4511).
SERVER_TROUBLE = {51, 52}
NO_SUCH_OBJECT = 32  # a search base that does not exist: the settings are wrong
MAX_LOGIN_LENGTH = 150


class DirectoryUnavailable(Exception):
    """The directory could not be used: not reachable, TLS failed, or the portal's own bind
    account was refused. The message is for the log, not for the person."""


@dataclass
class DirectoryPerson:
    """A person the directory vouched for: their entry's DN, its attributes (lower-case name →
    list of text) and their groups as (DN, cn)."""

    dn: str
    attributes: dict = field(default_factory=dict)
    groups: list = field(default_factory=list)

    def first(self, name):
        """The first value of attribute ``name``, or ""."""
        values = self.attributes.get(name.lower()) or [""]
        return values[0]


def _server():
    uri = urlsplit(settings.LDAP_SERVER_URI)
    use_ssl = uri.scheme == "ldaps"
    tls = None
    if use_ssl or settings.LDAP_START_TLS:
        # ldap3 checks nothing unless told: the certificate must be valid for the host.
        tls = Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=settings.LDAP_CA_FILE or None)
    return Server(
        uri.hostname,
        port=uri.port or (636 if use_ssl else 389),
        use_ssl=use_ssl,
        tls=tls,
        get_info=NONE,
        connect_timeout=settings.LDAP_TIMEOUT,
    )


def _open(dn="", password=""):
    """An open connection (StartTLS done when configured), not yet bound."""
    connection = Connection(
        _server(),
        user=dn or None,
        password=password or None,
        read_only=True,
        raise_exceptions=False,
        auto_referrals=False,
        receive_timeout=settings.LDAP_TIMEOUT,
    )
    try:
        connection.open()
        if settings.LDAP_START_TLS:
            connection.start_tls()
    except LDAPException as error:
        raise DirectoryUnavailable(f"{settings.LDAP_SERVER_URI}: {error}") from error
    return connection


def _bind(connection):
    """Bind; True, False for refused credentials, DirectoryUnavailable for a failing server."""
    try:
        if connection.bind():
            return True
    except LDAPException as error:
        raise DirectoryUnavailable(f"{settings.LDAP_SERVER_URI}: {error}") from error
    if connection.result.get("result") in SERVER_TROUBLE:
        raise DirectoryUnavailable(f"bind: {connection.result.get('description')}")
    return False


def _service_connection():
    """Bound as the portal's own account (LDAP_BIND_DN), or anonymously without one."""
    connection = _open(settings.LDAP_BIND_DN, settings.LDAP_BIND_PASSWORD)
    if not _bind(connection):
        _close(connection)
        raise DirectoryUnavailable(
            f"the directory refused LDAP_BIND_DN={settings.LDAP_BIND_DN!r}: "
            f"{connection.result.get('description')}"
        )
    return connection


def _search(connection, base, search_filter, scope, attributes, limit=0):
    """The entries found as [(dn, {lower-case attribute: [text, …]})]."""
    try:
        connection.search(base, search_filter, scope, attributes=attributes, size_limit=limit)
    except LDAPException as error:
        raise DirectoryUnavailable(f"search {base}: {error}") from error
    result = connection.result.get("result")
    if result in SERVER_TROUBLE or (result == NO_SUCH_OBJECT and scope == SUBTREE):
        raise DirectoryUnavailable(f"search {base}: {connection.result.get('description')}")
    return [
        (entry["dn"], _texts(entry.get("raw_attributes", {})))
        for entry in connection.response or ()
        if entry.get("type") == "searchResEntry"
    ]


def _texts(raw):
    return {
        name.lower(): [value.decode("utf-8", "replace") for value in values]
        for name, values in raw.items()
    }


def _attribute_names():
    return sorted({*settings.LDAP_USER_ATTRS.values(), "memberOf"})


def _find_entry(connection, username):
    """The one entry the login name finds under LDAP_USER_SEARCH_BASE, else None."""
    search_filter = settings.LDAP_USER_FILTER % {"user": escape_filter_chars(username)}
    found = _search(
        connection,
        settings.LDAP_USER_SEARCH_BASE,
        search_filter,
        SUBTREE,
        _attribute_names(),
        limit=2,
    )
    if len(found) > 1:
        log.warning("directory login: %r finds several entries; refused", username)
    return found[0] if len(found) == 1 else None


def _groups(connection, person, username):
    """The person's groups: their memberOf values and what LDAP_GROUP_SEARCH_BASE finds."""
    groups = dict.fromkeys(person.attributes.get("memberof", ()), "")
    if settings.LDAP_GROUP_SEARCH_BASE:
        search_filter = settings.LDAP_GROUP_FILTER % {
            "dn": escape_filter_chars(person.dn),
            "user": escape_filter_chars(username),
        }
        for dn, attributes in _search(
            connection, settings.LDAP_GROUP_SEARCH_BASE, search_filter, SUBTREE, ["cn"]
        ):
            groups[dn] = (attributes.get("cn") or [""])[0]
    return list(groups.items())


def authenticate(username, password):
    """The DirectoryPerson whose login name and password these are, or None. Never binds
    with an empty password: a directory takes that as an anonymous login and says yes."""
    username = (username or "").strip()
    if not username or not password or len(username) > MAX_LOGIN_LENGTH:
        return None
    service = _service_connection() if settings.LDAP_USER_SEARCH_BASE else None
    person_connection = None
    try:
        if service is not None:
            entry = _find_entry(service, username)
            if entry is None:
                return None
            person = DirectoryPerson(dn=entry[0], attributes=entry[1])
        else:
            dn = settings.LDAP_USER_DN_TEMPLATE % {"user": escape_rdn(username)}
            person = DirectoryPerson(dn=dn)
        person_connection = _open(person.dn, password)
        if not _bind(person_connection):
            return None
        if service is None:
            # Named by the template: read the entry as the person, who may read their own.
            found = _search(
                person_connection, person.dn, "(objectClass=*)", BASE, _attribute_names()
            )
            if found:
                person.attributes = found[0][1]
        person.groups = _groups(service or person_connection, person, username)
        return person
    finally:
        for connection in (service, person_connection):
            _close(connection)


def _close(connection):
    if connection is None:
        return
    with contextlib.suppress(LDAPException):  # already gone: nothing to release
        connection.unbind()
