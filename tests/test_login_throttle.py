"""Guessing passwords is throttled (django-axes): after LOGIN_FAILURE_LIMIT failures for one
account or from one address, logging in is refused, even with the right password, until the
cool-off has passed or an administrator unlocks it. The portal's login and the admin's alike."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from unionplans.security import client_ip

ROOT = Path(__file__).resolve().parents[1]
LOGIN = "/accounts/login/"
LOCKED_MESSAGE = "登录失败次数过多"


def _log_in(client, username, password, url=LOGIN, address="10.1.1.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _logged_in(client):
    return "_auth_user_id" in client.session


def _fail(client, username, times, url=LOGIN, address="10.1.1.1"):
    for _ in range(times):
        response = _log_in(client, username, "wrong-password", url=url, address=address)
    return response


def test_defaults_ten_failures_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


def test_hundred_wrong_passwords_then_the_right_one_is_refused(world, client):
    planner = world.planner
    _fail(client, planner.username, 100)
    response = _log_in(client, planner.username, "pw")
    assert response.status_code == 429
    assert not _logged_in(client)
    assert client.get(reverse("plans:list")).status_code == 302  # still sent to log in


def test_fewer_failures_than_the_limit_do_not_lock(world, client):
    planner = world.planner
    _fail(client, planner.username, 9)
    response = _log_in(client, planner.username, "pw")
    assert response.status_code == 302
    assert _logged_in(client)
    # A successful login starts the count again.
    assert not AccessAttempt.objects.filter(username=planner.username).exists()


def test_the_login_page_says_why_in_chinese(world, client):
    planner = world.planner
    response = _fail(client, planner.username, 10)
    assert response.status_code == 429
    assert response.templates[0].name == "registration/login.html"
    content = response.content.decode()
    assert LOCKED_MESSAGE in content
    assert "15 分钟" in content
    assert 'name="username"' in content  # the form is still there, with the page around it
    assert planner.username in content


def test_admin_login_is_throttled_too(world, client):
    admin = world.admin
    url = reverse("admin:login")
    response = _fail(client, admin.username, 10, url=url)
    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.content.decode()
    response = _log_in(client, admin.username, "pw", url=url)
    assert response.status_code == 429
    assert not _logged_in(client)
    # The same account is locked at the portal's login as well.
    assert _log_in(client, admin.username, "pw").status_code == 429


def test_failures_from_one_address_lock_the_address(world, client):
    for n in range(10):
        _log_in(client, f"nobody{n}", "guess", address="10.9.9.9")
    planner = world.planner
    assert _log_in(client, planner.username, "pw", address="10.9.9.9").status_code == 429
    assert not _logged_in(client)
    # The account itself is not locked: from another address it logs in.
    assert _log_in(client, planner.username, "pw", address="10.2.2.2").status_code == 302
    assert _logged_in(client)


def test_locked_until_the_cool_off_has_passed(world, client):
    planner = world.planner
    _fail(client, planner.username, 10)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=14))
    assert _log_in(client, planner.username, "pw").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _log_in(client, planner.username, "pw").status_code == 302
    assert _logged_in(client)


@pytest.mark.parametrize(
    ("command", "args"), [("axes_reset", ()), ("axes_reset_username", ("{username}",))]
)
def test_an_administrator_unlocks_with_a_command(world, client, command, args):
    planner = world.planner
    _fail(client, planner.username, 10)
    assert _log_in(client, planner.username, "pw").status_code == 429
    call_command(command, *[arg.format(username=planner.username) for arg in args])
    assert _log_in(client, planner.username, "pw").status_code == 302
    assert _logged_in(client)


def test_an_administrator_unlocks_in_the_admin(world, client):
    planner = world.planner
    _fail(client, planner.username, 10)
    attempt = AccessAttempt.objects.get(username=planner.username)
    client.force_login(world.admin)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert planner.username in client.get(changelist).content.decode()
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    client.logout()
    assert _log_in(client, planner.username, "pw").status_code == 302


def test_client_address_behind_the_proxy(settings):
    request = RequestFactory().post(
        LOGIN, REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.3.3.3"
    )
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "172.18.0.5"
    settings.BEHIND_PROXY = True
    # The right-most address is the one the proxy saw; the rest the client may have forged.
    assert client_ip(request) == "10.3.3.3"


def _settings_value(tmp_path, code, **env):
    clean = {"PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path), "DEBUG": "1", **env}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "unionplans.settings"},
        capture_output=True,
        text=True,
    )


def test_limits_from_the_environment(tmp_path):
    result = _settings_value(
        tmp_path,
        "from django.conf import settings as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)",
        LOGIN_FAILURE_LIMIT="5",
        LOGIN_COOLOFF_MINUTES="60",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["5", "1:00:00"]


def test_admin_at_a_configurable_path(tmp_path):
    code = "from django.urls import reverse; print(reverse('admin:index'))"
    result = _settings_value(tmp_path, code, ADMIN_URL="backstage-7f3a/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/backstage-7f3a/"
    result = _settings_value(tmp_path, code, ADMIN_URL="/backstage")
    assert result.returncode != 0
    assert "ADMIN_URL" in result.stderr
