import pytest

from tests.plans.organisation import slapd
from tests.tasks.reminders.channels.servers import smtp_server  # noqa: F401 (a fixture)

BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "plans.organisation.ldap_backend.DirectoryBackend",
    "django.contrib.auth.backends.ModelBackend",
]
GROUP_MAP = {
    # By DN (spaced as people type it) and by name.
    "cn=planners, ou=groups, dc=example, dc=org": {"role": "planner", "unit": "宣教部"},
    "unit-a": {"role": "reporter", "unit": "甲区总工会"},
    "unit-b": {"role": "reporter", "unit": "乙县总工会"},
    "leaders": {"role": "leader"},
}


@pytest.fixture(scope="session")
def slapd_server(tmp_path_factory):
    """Debian's slapd on loopback with the small directory of tests/plans/organisation/slapd.py,
    for the whole session."""
    binary = slapd.find_slapd()
    if binary is None:
        pytest.skip("Debian's slapd is not installed: apt-get install slapd ldap-utils")
    server = slapd.Slapd(tmp_path_factory.mktemp("slapd"))
    server.start(binary)
    yield server
    server.stop()


@pytest.fixture
def directory(settings, slapd_server, world):
    """Directory login on, against the test server: people searched as the portal's account,
    groups mapped to roles and the world's units."""
    settings.LDAP_SERVER_URI = slapd_server.uri
    settings.LDAP_ENABLED = True
    settings.LDAP_START_TLS = False
    settings.LDAP_CA_FILE = ""
    settings.LDAP_BIND_DN = slapd.READER_DN
    settings.LDAP_BIND_PASSWORD = slapd.READER_PASSWORD
    settings.LDAP_USER_SEARCH_BASE = slapd.PEOPLE_BASE
    settings.LDAP_USER_FILTER = "(uid=%(user)s)"
    settings.LDAP_USER_DN_TEMPLATE = ""
    settings.LDAP_GROUP_SEARCH_BASE = slapd.GROUPS_BASE
    settings.LDAP_GROUP_MAP = GROUP_MAP
    settings.LDAP_USER_ATTRS = {"first_name": "cn", "email": "mail", "phone": "mobile"}
    settings.LDAP_MATCH_EMAIL = False
    settings.LDAP_FEDERATION = world.federation.name
    settings.LDAP_TIMEOUT = 5
    settings.AUTHENTICATION_BACKENDS = BACKENDS
    return slapd_server
