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


# When beat opens scheduled reporting rounds.

ROUNDS = "s.ROUND_SCHEDULE_HOUR, s.ROUND_SCHEDULE_MINUTE"


def test_the_round_schedule_time_from_the_environment(tmp_path):
    result = _load_settings(tmp_path, ROUNDS, DEBUG="1", ROUND_SCHEDULE_TIME="06:15")
    assert result.stdout.split() == ["6", "15"]


def test_a_bad_round_schedule_time_stops_the_process(tmp_path):
    result = _load_settings(tmp_path, ROUNDS, DEBUG="1", ROUND_SCHEDULE_TIME="25:00")
    assert result.returncode != 0
    assert "ROUND_SCHEDULE_TIME='25:00' is not a time of day" in result.stderr
