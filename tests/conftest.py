import os

import pytest

from plans.models import Plan, Responsibility, User
from tests import factories

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


@pytest.fixture
def federation(db):
    return factories.FederationFactory(name="测试市总工会")


@pytest.fixture
def world(federation):
    """A federation with a published plan: unit A leads task 1, unit B leads task 2 and supports
    task 1; a planner, a leader, a reporter of each unit, and an administrator."""
    propaganda = factories.UnitFactory(name="宣教部", parent=federation)
    unit_a = factories.UnitFactory(name="甲区总工会", parent=federation)
    unit_b = factories.UnitFactory(name="乙县总工会", parent=federation)
    unit_c = factories.UnitFactory(name="丙区总工会", parent=federation)
    plan = factories.PlanFactory(owner=propaganda, status=Plan.Status.PUBLISHED)
    section = factories.SectionFactory(plan=plan)
    task_a = factories.TaskFactory(section=section, title="甲的任务")
    task_b = factories.TaskFactory(section=section, title="乙的任务")
    factories.ResponsibilityFactory(task=task_a, unit=unit_a, role=Responsibility.Role.LEAD)
    factories.ResponsibilityFactory(task=task_a, unit=unit_b, role=Responsibility.Role.SUPPORTING)
    factories.ResponsibilityFactory(task=task_b, unit=unit_b, role=Responsibility.Role.LEAD)
    users = {
        "planner": factories.UserFactory(role=User.Role.PLANNER, unit=propaganda),
        "leader": factories.UserFactory(role=User.Role.LEADER, unit=federation),
        "reporter_a": factories.UserFactory(role=User.Role.REPORTER, unit=unit_a),
        "reporter_b": factories.UserFactory(role=User.Role.REPORTER, unit=unit_b),
        "reporter_c": factories.UserFactory(role=User.Role.REPORTER, unit=unit_c),
        "admin": factories.UserFactory(
            role=User.Role.ADMIN, unit=None, is_staff=True, is_superuser=True
        ),
    }
    return {
        "federation": federation,
        "units": {"propaganda": propaganda, "a": unit_a, "b": unit_b, "c": unit_c},
        "plan": plan,
        "section": section,
        "task_a": task_a,
        "task_b": task_b,
        "users": users,
    }
