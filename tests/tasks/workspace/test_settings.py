"""The workspace's two settings come from the environment and fail loudly when wrong."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _settings(tmp_path, **env):
    clean = {"PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path), "DEBUG": "1", **env}
    code = "import unionplans.settings as s; print(s.ATTACHMENT_MAX_BYTES, s.LIGHT_YELLOW_DAYS)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_defaults(tmp_path):
    result = _settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(20 * 1024 * 1024), "7"]


def test_from_the_environment(tmp_path):
    result = _settings(tmp_path, ATTACHMENT_MAX_MB="5", LIGHT_YELLOW_DAYS="3")
    assert result.stdout.split() == [str(5 * 1024 * 1024), "3"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ATTACHMENT_MAX_MB", "0", "ATTACHMENT_MAX_MB must be a positive"),
        ("ATTACHMENT_MAX_MB", "lots", "ATTACHMENT_MAX_MB='lots' is not an integer"),
        ("LIGHT_YELLOW_DAYS", "-1", "LIGHT_YELLOW_DAYS must be 0 or more"),
    ],
)
def test_bad_values_stop_the_process(tmp_path, name, value, message):
    result = _settings(tmp_path, **{name: value})
    assert result.returncode != 0
    assert message in result.stderr
