"""Static files cannot be broken by hand: manage.py and the web server read DEBUG the same way
(off unless the environment says otherwise), and collectstatic writes the manifest whatever DEBUG
is, so a `collectstatic` typed in a production shell leaves every page working."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.test_deploy import production_env

ROOT = Path(__file__).resolve().parents[1]
STATIC = "from django.templatetags.static import static; print(static('favicon.svg'))"


def _python(env, code):
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "unionplans.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_manage_py_and_the_server_agree_on_debug(tmp_path):
    env = production_env(tmp_path)
    del env["DEBUG"]
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False"
    wsgi = "import unionplans.wsgi; from django.conf import settings; print(settings.DEBUG)"
    assert _python(env, wsgi).splitlines()[-1] == "False"


def test_collectstatic_by_hand_with_debug_on_still_writes_the_manifest(tmp_path):
    static_root = tmp_path / "static"
    env = production_env(tmp_path, STATIC_ROOT=str(static_root))
    by_hand = {**env, "DEBUG": "1"}  # the worst case: a developer's shell on the server
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=by_hand,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["favicon.svg"]
    assert hashed != "favicon.svg"
    # The production server finds every name it asks for.
    assert _python(env, STATIC) == f"/static/{hashed}"


def test_development_needs_no_collectstatic(tmp_path):
    env = {"PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path), "DEBUG": "1"}
    assert _python(env, STATIC) == "/static/favicon.svg"


def test_manage_py_in_a_fresh_checkout_is_development(tmp_path):
    """No SECRET_KEY in the environment: a developer's checkout, where manage.py works as it
    does under `make run`; a server always has its SECRET_KEY (above)."""
    env = {"PATH": os.environ["PATH"], "VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
