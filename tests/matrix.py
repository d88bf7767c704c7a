"""The roles of the execution's permission matrices (workspace, assessment, documents): who the
columns are, how each logs in, and the (url, role, expected status) cases of a table."""

from plans.models import User
from tests import factories

ROLES = [
    "anonymous",
    "planner",
    "lead",
    "supporting",
    "other_unit",
    "leader",
    "admin",
    "other_planner",
]
# The world's personas behind the unit roles.
USERS = {"lead": "reporter_a", "supporting": "reporter_b", "other_unit": "reporter_c"}
# What an anonymous request gets: the login page.
LOGIN = "login"


def cases(expected):
    """(url name, role, expected status) for each cell of ``expected`` (a row per URL)."""
    return [
        (url, role, status)
        for url, statuses in expected.items()
        for role, status in zip(ROLES, statuses, strict=True)
    ]


def log_in(client, world, role):
    """Log ``client`` in as ``role``; "other_planner" is a planner of another federation."""
    if role == "anonymous":
        return
    if role == "other_planner":
        elsewhere = factories.UnitFactory(name="外市宣教部")
        client.force_login(factories.UserFactory(role=User.Role.PLANNER, unit=elsewhere))
    else:
        client.force_login(world.user(USERS.get(role, role)))
