"""A pytest plugin loaded before pytest-django reads the settings (see pyproject.toml).

Tests run with DEBUG off, as production does, so they need a SECRET_KEY; uploaded files and the
embedded broker go to a throw-away folder instead of the developer's var/.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
# Every test sees the figures of the moment; tests/tasks/dashboard turns the cache on where tested.
os.environ.setdefault("DASHBOARD_CACHE_SECONDS", "0")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="unionplans-tests-"))
# Playwright's sync API runs an event loop in the test thread; the ORM calls made there by
# fixtures are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
