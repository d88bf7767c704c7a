"""A pytest plugin loaded before pytest-django reads the settings (see pyproject.toml).

Tests run with DEBUG off, as production does, so they need a SECRET_KEY and a
FIELD_ENCRYPTION_KEY; uploaded files and the
embedded broker go to a throw-away folder instead of the developer's var/.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "tests-only-not-a-field-key")
# The robot stand-ins and the SMTP server listen on 127.0.0.1: the one way out
# (unionplans.lib.outbound) refuses loopback unless this allows it. Tests of the refusal turn it
# off with the ``settings`` fixture.
os.environ.setdefault("OUTBOUND_ALLOW_LOOPBACK", "1")
# The test client and the live server speak plain HTTP: the explicit plain-HTTP deployment.
# tests/test_deploy.py checks the HTTPS-only default in processes of its own.
os.environ.setdefault("ALLOW_PLAIN_HTTP", "1")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="unionplans-tests-"))
# Playwright's sync API runs an event loop in the test thread; the ORM calls made there by
# fixtures are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
