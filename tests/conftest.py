import os

import pytest

from tests import factories
from tests.world import World

IN_CI = os.environ.get("CI") == "true"


def pytest_configure(config):
    from django.conf import settings

    # Static files as in development (no collectstatic manifest); a fast hasher for the many
    # test users. Everything else runs as configured, production-like with DEBUG off.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped test is a failure: a test that needs a service must find it running."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, which counts as a failure: {report.longrepr}"


@pytest.fixture(autouse=True)
def no_language_left_behind():
    """A test leaves the language as it found it: a request in English leaves English active in
    the thread (LocaleMiddleware activates, nothing deactivates), and code outside a request — a
    service, a command — would otherwise speak the language of whichever test ran before. A
    module that chose a language for its tests (``translation.override``) keeps it."""
    from django.utils import translation

    before = translation.get_language()
    yield
    translation.activate(before)


@pytest.fixture
def federation(db):
    return factories.FederationFactory(name="测试市总工会")


@pytest.fixture
def world(federation):
    """A federation with a published plan, its units and its people, as attributes (see
    tests/world.py): ``world.planner``, ``world.reporter_a``, ``world.unit_a``, ``world.task_a``…"""
    return World(federation)
