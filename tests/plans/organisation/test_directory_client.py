"""The directory client (plans/organisation/ldap_client.py) against the real OpenLDAP server:
what it refuses whatever the server would say, the two ways of finding a person, StartTLS."""

import pytest

from plans.organisation import ldap_client
from plans.organisation.ldap_backend import DirectoryBackend, grants
from plans.organisation.ldap_client import DirectoryUnavailable
from tests.plans.organisation import slapd


def test_a_person_with_attributes_and_groups(directory):
    person = ldap_client.authenticate("lisi", "lisi-pass")
    assert person.dn == slapd.person_dn("lisi")
    assert (person.first("cn"), person.first("mobile")) == ("李四", "0833-2123456")
    assert (slapd.group_dn("unit-a"), "unit-a") in person.groups
    leader = ldap_client.authenticate("wangwu", "wangwu-pass")
    assert (slapd.group_dn("leaders"), "leaders") in leader.groups  # a posixGroup's memberUid


@pytest.mark.parametrize("password", ["", None])
def test_an_empty_password_never_binds(directory, password):
    """An empty password would be an anonymous bind, which a directory may accept."""
    assert ldap_client.authenticate("zhangsan", password) is None
    assert DirectoryBackend().authenticate(None, username="zhangsan", password=password) is None


@pytest.mark.parametrize("login", ["*", "zhang*", "zhangsan)(uid=*", "a" * 151, " "])
def test_a_login_is_never_a_filter(directory, login):
    assert ldap_client.authenticate(login, "zhangsan-pass") is None


def test_found_by_a_dn_template_without_a_service_account(directory, settings):
    settings.LDAP_USER_SEARCH_BASE = ""
    settings.LDAP_USER_DN_TEMPLATE = f"uid=%(user)s,{slapd.PEOPLE_BASE}"
    settings.LDAP_BIND_DN = settings.LDAP_BIND_PASSWORD = ""
    person = ldap_client.authenticate("zhangsan", "zhangsan-pass")
    assert person.first("mail") == "zhangsan@example.org"
    assert (slapd.group_dn("planners"), "planners") in person.groups
    assert ldap_client.authenticate("zhangsan", "wrong") is None
    assert ldap_client.authenticate("nobody", "zhangsan-pass") is None
    # A login with a comma stays one name in the DN.
    assert ldap_client.authenticate("zhangsan,ou=people", "zhangsan-pass") is None


def test_a_search_base_that_does_not_exist_is_a_setting_to_fix(directory, settings):
    settings.LDAP_USER_SEARCH_BASE = "ou=nowhere,dc=example,dc=org"
    with pytest.raises(DirectoryUnavailable):
        ldap_client.authenticate("zhangsan", "zhangsan-pass")


def test_start_tls_with_the_directory_s_certificate_authority(directory, settings):
    settings.LDAP_START_TLS = True
    settings.LDAP_CA_FILE = directory.ca_file
    assert ldap_client.authenticate("zhangsan", "zhangsan-pass").first("cn") == "张三"
    assert ldap_client.authenticate("zhangsan", "wrong") is None


def test_start_tls_refuses_a_certificate_it_cannot_check(directory, settings):
    settings.LDAP_START_TLS = True
    settings.LDAP_CA_FILE = ""  # the system's authorities do not know the test CA
    with pytest.raises(DirectoryUnavailable):
        ldap_client.authenticate("zhangsan", "zhangsan-pass")


def test_start_tls_checks_the_host_name(directory, settings):
    settings.LDAP_START_TLS = True
    settings.LDAP_CA_FILE = directory.ca_file
    # The certificate names 127.0.0.1 and localhost, not this other address of the server.
    settings.LDAP_SERVER_URI = directory.other_uri
    settings.LDAP_START_TLS = False
    assert ldap_client.authenticate("zhangsan", "zhangsan-pass") is not None
    settings.LDAP_START_TLS = True
    with pytest.raises(DirectoryUnavailable):
        ldap_client.authenticate("zhangsan", "zhangsan-pass")


def test_groups_named_by_dn_or_name_and_the_strongest_role_wins(directory):
    planners = (slapd.group_dn("planners"), "")
    unit_a = (slapd.group_dn("unit-a"), "unit-a")
    assert grants([planners]) == ("planner", "宣教部")
    assert grants([unit_a, planners]) == ("planner", "宣教部")
    assert grants([(slapd.group_dn("leaders"), "leaders")]) == ("leader", None)
    assert grants([("cn=others,ou=groups,dc=example,dc=org", "others")]) is None
