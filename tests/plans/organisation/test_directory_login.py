"""Directory login against a real OpenLDAP server (tests/plans/organisation/slapd.py): the login
page with directory accounts, first logins making or matching portal accounts, groups mapped to
roles and units, deactivated accounts, the throttle, and a directory that cannot be reached."""

import socket
import threading
import time

import pytest
from django.urls import reverse

from plans.models import User
from tests import factories
from tests.plans.organisation import slapd

LOGIN = "/accounts/login/"
UNREACHABLE = "无法连接目录服务器"
MISMATCH = "用户名或密码不正确"


def _log_in(client, username, password=None):
    password = slapd.password_of(username) if password is None else password
    return client.post(LOGIN, {"username": username, "password": password})


def _logged_in_as(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_first_login_makes_the_account_from_the_directory(directory, client, world):
    response = _log_in(client, "zhangsan")
    assert response.status_code == 302
    user = _logged_in_as(client)
    assert user.username == "zhangsan"
    assert (user.first_name, user.email, user.phone) == (
        "张三",
        "zhangsan@example.org",
        "13800000001",
    )
    assert (user.role, user.unit) == (User.Role.PLANNER, world.propaganda)
    assert user.directory_account and user.password_in_directory
    assert not user.has_usable_password()  # the password stays in the directory
    assert not user.must_change_password
    # Straight to work: no page asks a directory account to change its password.
    assert client.get(reverse("home")).url == reverse("plans:list")
    assert client.get(reverse("plans:list")).status_code == 200


@pytest.mark.parametrize(
    ("login", "role", "unit"),
    [("lisi", User.Role.REPORTER, "unit_a"), ("wangwu", User.Role.LEADER, "federation")],
)
def test_groups_give_roles_and_units(directory, client, world, login, role, unit):
    assert _log_in(client, login).status_code == 302
    user = _logged_in_as(client)
    assert (user.role, user.unit) == (role, getattr(world, unit))


def test_a_wrong_password_or_an_unknown_login_is_refused(directory, client):
    response = _log_in(client, "zhangsan", "not-the-password")
    assert response.status_code == 200
    assert MISMATCH in response.content.decode()
    assert _log_in(client, "nobody").status_code == 200
    assert _logged_in_as(client) is None
    assert not User.objects.filter(username__in=["zhangsan", "nobody"]).exists()


def test_an_existing_account_of_the_same_login_is_taken_over(directory, client, world):
    own = factories.UserFactory(username="zhangsan", unit=world.unit_c, must_change_password=True)
    assert _log_in(client, "zhangsan").status_code == 302
    user = _logged_in_as(client)
    assert user.pk == own.pk
    assert (user.role, user.unit) == (User.Role.PLANNER, world.propaganda)
    assert not user.must_change_password
    assert client.get(reverse("plans:list")).status_code == 200  # not sent to change it
    client.logout()
    # The portal's old password is gone: only the directory's logs in now.
    assert _log_in(client, "zhangsan", "pw").status_code == 200
    assert User.objects.filter(username__iexact="zhangsan").count() == 1


def test_an_existing_account_is_matched_by_email_when_configured(directory, client, settings):
    own = factories.UserFactory(username="zs", email="ZhangSan@example.org")
    settings.LDAP_MATCH_EMAIL = True
    assert _log_in(client, "zhangsan").status_code == 302
    assert _logged_in_as(client).pk == own.pk
    assert not User.objects.filter(username="zhangsan").exists()


def test_without_email_matching_a_new_account_is_made(directory, client):
    own = factories.UserFactory(username="zs", email="zhangsan@example.org")
    assert _log_in(client, "zhangsan").status_code == 302
    assert _logged_in_as(client).pk != own.pk


def test_a_group_change_shows_at_the_next_login(directory, client, world):
    assert _log_in(client, "lisi").status_code == 302
    assert _logged_in_as(client).unit == world.unit_a
    client.logout()
    directory.move_member("lisi", "unit-a", "unit-b")
    try:
        assert _log_in(client, "lisi").status_code == 302
        assert _logged_in_as(client).unit == world.unit_b
    finally:
        directory.move_member("lisi", "unit-b", "unit-a")


def test_a_deactivated_account_stays_locked_out(directory, client, world):
    factories.UserFactory(username="lisi", unit=world.unit_a, is_active=False)
    response = _log_in(client, "lisi")
    assert response.status_code == 200
    assert _logged_in_as(client) is None
    assert User.objects.get(username="lisi").is_active is False


def test_no_mapped_group_no_new_account(directory, client):
    response = _log_in(client, "zhaoliu")
    assert response.status_code == 200
    assert "不在任何可以使用本平台的目录组中" in response.content.decode()
    assert not User.objects.filter(username="zhaoliu").exists()


def test_no_mapped_group_keeps_the_portal_role_of_an_existing_account(directory, client, world):
    factories.UserFactory(username="zhaoliu", unit=world.unit_c, role=User.Role.REPORTER)
    assert _log_in(client, "zhaoliu").status_code == 302
    user = _logged_in_as(client)
    assert (user.unit, user.role, user.first_name) == (world.unit_c, User.Role.REPORTER, "赵六")


def test_a_unit_the_portal_lacks_is_named(directory, client, settings):
    settings.LDAP_GROUP_MAP = {"unit-a": {"role": "reporter", "unit": "没有的单位"}}
    response = _log_in(client, "lisi")
    assert response.status_code == 200
    assert "没有的单位" in response.content.decode()
    assert not User.objects.filter(username="lisi").exists()


def test_the_only_federation_needs_no_setting(directory, client, settings, world):
    settings.LDAP_FEDERATION = ""
    assert _log_in(client, "wangwu").status_code == 302
    assert _logged_in_as(client).unit == world.federation


def test_wrong_passwords_are_throttled(directory, client):
    for _ in range(10):
        _log_in(client, "zhangsan", "guess")
    response = _log_in(client, "zhangsan")
    assert response.status_code == 429
    assert _logged_in_as(client) is None


def test_a_directory_that_cannot_be_reached_is_said_so(directory, client, settings, world):
    settings.LDAP_SERVER_URI = f"ldap://127.0.0.1:{slapd.free_port()}"
    response = _log_in(client, "zhangsan")
    assert response.status_code == 200
    page = response.content.decode()
    assert UNREACHABLE in page
    assert 'data-testid="directory-problem"' in page
    # Accounts with a password of the portal's own still log in.
    assert _log_in(client, world.planner.username, "pw").status_code == 302


@pytest.fixture
def silent_server():
    """A listener that takes connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()
    for connection in accepted:
        connection.close()


def test_a_directory_that_does_not_answer_times_out(directory, client, settings, silent_server):
    settings.LDAP_SERVER_URI = f"ldap://127.0.0.1:{silent_server}"
    settings.LDAP_TIMEOUT = 1
    started = time.monotonic()
    response = _log_in(client, "zhangsan")
    assert time.monotonic() - started < 10
    assert UNREACHABLE in response.content.decode()


def test_a_refused_service_account_is_said_so(directory, client, settings):
    settings.LDAP_BIND_PASSWORD = "wrong"
    response = _log_in(client, "zhangsan")
    assert UNREACHABLE in response.content.decode()
    assert _logged_in_as(client) is None


def test_without_ldap_server_uri_the_directory_is_not_asked(slapd_server, client, world, settings):
    """The test server runs and knows zhangsan, but the settings do not name it."""
    assert not settings.LDAP_ENABLED
    assert (
        "plans.organisation.ldap_backend.DirectoryBackend" not in settings.AUTHENTICATION_BACKENDS
    )
    response = _log_in(client, "zhangsan")
    assert response.status_code == 200
    assert 'data-testid="directory-problem"' not in response.content.decode()
    assert not User.objects.filter(username="zhangsan").exists()
    assert _log_in(client, world.planner.username, "pw").status_code == 302


def test_a_superuser_keeps_the_portal_s_own_password(directory, client):
    factories.UserFactory(username="zhangsan", role=User.Role.ADMIN, unit=None, is_superuser=True)
    assert _log_in(client, "zhangsan").status_code == 200
    superuser = User.objects.get(username="zhangsan")
    assert superuser.has_usable_password() and not superuser.directory_account
    assert _log_in(client, "zhangsan", "pw").status_code == 302
    assert _logged_in_as(client).pk == superuser.pk
