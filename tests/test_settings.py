"""Settings come from the environment and a bad value stops the process with a clear message."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from unionplans.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[1]


def _load_settings(
    tmp_path, printed="s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL", **env
):
    """Import the settings in a fresh interpreter with exactly ``env``; print ``printed``."""
    clean = {"PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path), **env}
    code = f"import unionplans.settings as s; print({printed})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_bool_rejects_unknown_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG")
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG") is True


def test_int_and_list(monkeypatch):
    monkeypatch.setenv("N", "x1")
    with pytest.raises(ImproperlyConfigured, match="N"):
        env_int("N", 1)
    monkeypatch.setenv("HOSTS", " a.example, ,b.example ")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def test_defaults_need_no_server(tmp_path):
    result = _load_settings(tmp_path, DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "filesystem://"]
    assert (tmp_path / "secret_key").exists()


def test_secret_key_required_without_debug(tmp_path):
    result = _load_settings(tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_bad_debug_value_fails_loudly(tmp_path):
    result = _load_settings(tmp_path, DEBUG="sometimes")
    assert result.returncode != 0
    assert "DEBUG='sometimes' is not a boolean" in result.stderr


def test_bad_database_url_fails_loudly(tmp_path):
    result = _load_settings(tmp_path, DEBUG="1", DATABASE_URL="nosuchdb://x")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_urls_switch_to_postgresql_and_redis(tmp_path):
    result = _load_settings(
        tmp_path,
        SECRET_KEY="x",
        FIELD_ENCRYPTION_KEY="y",
        SITE_URL="https://unionplans.example.org",
        DATABASE_URL="postgres://u@db:5432/unionplans",
        REDIS_URL="redis://redis:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "redis://redis:6379/0"]


def test_field_encryption_key_required_without_debug(tmp_path):
    result = _load_settings(tmp_path, SECRET_KEY="x", SITE_URL="https://unionplans.example.org")
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY must be set when DEBUG is off" in result.stderr


def test_bad_outbound_network_fails_loudly(tmp_path):
    result = _load_settings(tmp_path, DEBUG="1", OUTBOUND_ALLOWED_NETWORKS="10.20.0.5/33")
    assert result.returncode != 0
    assert "OUTBOUND_ALLOWED_NETWORKS: '10.20.0.5/33'" in result.stderr


def test_outbound_requests_are_refused_inside_by_default(tmp_path):
    code = (
        "import unionplans.settings as s;"
        "print(s.OUTBOUND_ALLOW_LOOPBACK, s.OUTBOUND_ALLOWED_HOSTS, s.OUTBOUND_ALLOWED_NETWORKS)"
    )
    env = {"PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path), "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["False", "[]", "[]"], result.stderr


# The workspace's two settings.

WORKSPACE = "s.ATTACHMENT_MAX_BYTES, s.LIGHT_YELLOW_DAYS"


def test_workspace_settings_from_the_environment(tmp_path):
    result = _load_settings(
        tmp_path, WORKSPACE, DEBUG="1", ATTACHMENT_MAX_MB="5", LIGHT_YELLOW_DAYS="3"
    )
    assert result.stdout.split() == [str(5 * 1024 * 1024), "3"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ATTACHMENT_MAX_MB", "0", "ATTACHMENT_MAX_MB must be a positive"),
        ("ATTACHMENT_MAX_MB", "lots", "ATTACHMENT_MAX_MB='lots' is not an integer"),
        ("LIGHT_YELLOW_DAYS", "-1", "LIGHT_YELLOW_DAYS must be 0 or more"),
    ],
)
def test_bad_workspace_values_stop_the_process(tmp_path, name, value, message):
    result = _load_settings(tmp_path, WORKSPACE, DEBUG="1", **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


DIRECTORY = {
    "DEBUG": "1",
    "LDAP_SERVER_URI": "ldap://ldap.example.org",
    "LDAP_USER_SEARCH_BASE": "ou=people,dc=example,dc=org",
}


def test_without_a_directory_only_the_portal_s_own_passwords(tmp_path):
    result = _load_settings(
        tmp_path, printed="s.LDAP_ENABLED, *s.AUTHENTICATION_BACKENDS", DEBUG="1"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]


def test_a_directory_is_asked_after_the_throttle_and_before_the_portal(tmp_path):
    result = _load_settings(tmp_path, printed="*s.AUTHENTICATION_BACKENDS", **DIRECTORY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "axes.backends.AxesStandaloneBackend",
        "plans.organisation.ldap_backend.DirectoryBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]


def test_directory_settings_are_read(tmp_path):
    group_map = '{"cn=planners,ou=groups,dc=example,dc=org": {"role": "planner", "unit": "宣教部"}}'
    result = _load_settings(
        tmp_path,
        printed="s.LDAP_GROUP_MAP, s.LDAP_USER_ATTRS, s.LDAP_START_TLS",
        **DIRECTORY,
        LDAP_GROUP_MAP=group_map,
        LDAP_USER_ATTRS="first_name=displayName, email=mail, phone=mobile",
        LDAP_START_TLS="1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "{'cn=planners,ou=groups,dc=example,dc=org': {'role': 'planner', 'unit': '宣教部'}} "
        "{'first_name': 'displayName', 'email': 'mail', 'phone': 'mobile'} True"
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LDAP_SERVER_URI": "http://ldap.example.org"}, "LDAP_SERVER_URI='http"),
        ({"LDAP_SERVER_URI": "ldap://ldap.example.org:99999"}, "LDAP_SERVER_URI="),
        ({"LDAP_SERVER_URI": "ldap://ldap.example.org/dc=x"}, "LDAP_SERVER_URI="),
        ({"LDAP_SERVER_URI": "ldaps://ldap.example.org", "LDAP_START_TLS": "1"}, "LDAP_START_TLS"),
        ({"LDAP_START_TLS": "perhaps"}, "LDAP_START_TLS='perhaps'"),
        ({"LDAP_CA_FILE": "/nonexistent/ca.pem"}, "LDAP_CA_FILE"),
        ({"LDAP_USER_SEARCH_BASE": ""}, "Set one of"),
        ({"LDAP_USER_DN_TEMPLATE": "uid=%(user)s,dc=example,dc=org"}, "Set one of"),
        ({"LDAP_USER_FILTER": "uid=%(user)s"}, "not an LDAP filter"),
        ({"LDAP_USER_FILTER": "(uid=%s)"}, "LDAP_USER_FILTER"),
        ({"LDAP_USER_FILTER": "(uid=%(login)s)"}, "may hold only %(user)s"),
        ({"LDAP_USER_FILTER": "(objectClass=person)"}, "must hold %(user)s"),
        ({"LDAP_GROUP_FILTER": "(member=%(uid)s)"}, "LDAP_GROUP_FILTER"),
        ({"LDAP_BIND_PASSWORD": "secret"}, "without LDAP_BIND_DN"),
        ({"LDAP_GROUP_MAP": "{not json"}, "LDAP_GROUP_MAP is not valid JSON"),
        ({"LDAP_GROUP_MAP": '["planners"]'}, "LDAP_GROUP_MAP must be a JSON object"),
        ({"LDAP_GROUP_MAP": '{"planners": {"role": "boss"}}'}, "'boss'"),
        ({"LDAP_GROUP_MAP": '{"planners": {"unit": " "}}'}, "'planners' has no unit"),
        ({"LDAP_GROUP_MAP": '{"planners": {"rank": "x"}}'}, "'planners' must map to"),
        ({"LDAP_USER_ATTRS": "first_name=cn,salary=x"}, "LDAP_USER_ATTRS: 'salary=x'"),
        ({"LDAP_TIMEOUT": "0"}, "LDAP_TIMEOUT"),
    ],
)
def test_bad_directory_settings_fail_loudly(tmp_path, env, message):
    result = _load_settings(tmp_path, **{**DIRECTORY, **env})
    assert result.returncode != 0
    assert message in result.stderr


def test_the_directory_s_roles_are_the_portal_s(settings):
    from plans.models import User

    assert set(settings.LDAP_ROLES) == set(User.Role.values)


# When beat opens scheduled reporting rounds.

ROUNDS = "s.ROUND_SCHEDULE_HOUR, s.ROUND_SCHEDULE_MINUTE"


def test_the_round_schedule_time_from_the_environment(tmp_path):
    result = _load_settings(tmp_path, ROUNDS, DEBUG="1", ROUND_SCHEDULE_TIME="06:15")
    assert result.stdout.split() == ["6", "15"]


def test_a_bad_round_schedule_time_stops_the_process(tmp_path):
    result = _load_settings(tmp_path, ROUNDS, DEBUG="1", ROUND_SCHEDULE_TIME="25:00")
    assert result.returncode != 0
    assert "ROUND_SCHEDULE_TIME='25:00' is not a time of day" in result.stderr


def test_the_directory_s_settings_are_read_in_their_own_module():
    """unionplans/directory_settings.py reads and checks them; settings.py offers them all."""
    import unionplans.settings as module
    from unionplans import directory_settings

    ours = {name for name in vars(module) if name.startswith("LDAP_")}
    assert ours == set(directory_settings.__all__)
    assert "_check_directory_settings" not in vars(module)
