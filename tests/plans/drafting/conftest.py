import pytest

from plans.models import User
from tests import factories
from tests.plans.drafting.helpers import build_plan


@pytest.fixture
def draft(world):
    """A draft plan of the world's federation (see helpers.build_plan); units A, B and C of the
    world are its responsible units."""
    return build_plan(
        world.federation, world.propaganda, units=[world.unit_a, world.unit_b, world.unit_c]
    )


@pytest.fixture
def other_planner(db):
    """A planner of another federation."""
    elsewhere = factories.UnitFactory(name="外市宣教部")
    return factories.UserFactory(role=User.Role.PLANNER, unit=elsewhere)


@pytest.fixture
def planner(world):
    return world.planner


HTMX = {"HTTP_HX_REQUEST": "true"}
