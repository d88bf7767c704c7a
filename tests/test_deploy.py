"""Secure by default in production: with DEBUG off and an https SITE_URL, `check --deploy` finds
nothing to say; plain HTTP is an explicit, warned choice; every page carries a Content Security
Policy that allows no inline script, and no template needs one."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]
SITE = "https://unionplans.example.org"


def production_env(tmp_path, **env):
    """Exactly what docker-compose.yml and a .env give the web container."""
    return {
        "PATH": os.environ["PATH"],
        "VAR_DIR": str(tmp_path),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "unionplans.example.org",
        "SITE_URL": SITE,
        **env,
    }


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_values(env, *names):
    code = "import unionplans.settings as s; " + "; ".join(f"print(repr(s.{n}))" for n in names)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return dict(zip(names, result.stdout.splitlines(), strict=True))


def test_check_deploy_is_clean_in_production(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_production_is_https_only(tmp_path):
    values = settings_values(
        production_env(tmp_path),
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "X_FRAME_OPTIONS",
        "CSRF_TRUSTED_ORIGINS",
    )
    assert values["SECURE_SSL_REDIRECT"] == "True"
    assert values["SESSION_COOKIE_SECURE"] == values["CSRF_COOKIE_SECURE"] == "True"
    assert int(values["SECURE_HSTS_SECONDS"]) >= 31536000
    # gunicorn speaks plain HTTP: TLS ends at the proxy in front, which says so in a header.
    assert values["SECURE_PROXY_SSL_HEADER"] == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert values["X_FRAME_OPTIONS"] == "'DENY'"
    assert values["CSRF_TRUSTED_ORIGINS"] == repr([SITE])


def test_http_site_url_needs_the_explicit_flag(tmp_path):
    result = manage(production_env(tmp_path, SITE_URL="http://10.0.0.8:8000"), "check")
    assert result.returncode != 0
    assert "ALLOW_PLAIN_HTTP" in result.stderr


def test_plain_http_is_explicit_and_warned(tmp_path):
    env = production_env(tmp_path, SITE_URL="http://10.0.0.8:8000", ALLOW_PLAIN_HTTP="1")
    values = settings_values(
        env, "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS"
    )
    assert values == {
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "SECURE_HSTS_SECONDS": "0",
    }
    result = manage(env, "check", "--deploy")
    assert result.returncode == 0, result.stderr
    assert "unionplans.W001" in result.stderr
    assert "ALLOW_PLAIN_HTTP" in result.stderr
    # One warning naming the choice, not Django's four about what it turns off.
    assert "security.W008" not in result.stderr


@pytest.mark.django_db
def test_the_health_check_is_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code != 301
    response = client.get(reverse("login"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
def test_pages_carry_the_policy(world, client):
    client.force_login(world.planner)
    for url in (reverse("login"), reverse("plans:list"), world.plan.get_absolute_url()):
        response = client.get(url, follow=True)
        assert response.status_code == 200
        policy = response["Content-Security-Policy"]
        directives = {
            part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()
        }
        assert directives["script-src"] == ["'self'"]
        assert directives["style-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert "unsafe" not in policy
        assert response["X-Frame-Options"] == "DENY"


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I), "inline script"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…= handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "style element"),
]


def test_templates_need_no_inline_script_or_style():
    found = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(ROOT)}:{line}: {what}")
    assert found == []


@pytest.mark.parametrize(
    ("uri", "start_tls", "warned"),
    [
        ("ldap://ldap.example.org", "0", True),
        ("ldap://ldap.example.org", "1", False),
        ("ldaps://ldap.example.org", "0", False),
    ],
)
def test_directory_passwords_in_clear_are_warned(tmp_path, uri, start_tls, warned):
    env = production_env(
        tmp_path,
        LDAP_SERVER_URI=uri,
        LDAP_START_TLS=start_tls,
        LDAP_USER_SEARCH_BASE="ou=people,dc=example,dc=org",
    )
    result = manage(env, "check", "--deploy")
    assert result.returncode == 0, result.stderr
    assert ("unionplans.W002" in result.stderr) is warned
