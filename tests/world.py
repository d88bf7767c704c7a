"""The people and things most tests meet, by name: ``world.planner``, ``world.unit_a``…

A federation with a published plan of one section: unit A leads task A, unit B leads task B and
supports task A, unit C has no task. Its people: a planner (of the propaganda department), a
leader (of the federation), a reporter of each of units A, B and C, and an administrator.
Fixtures of a folder may add what its tests need (``world.target``, ``world.robot``…).
"""

from plans.models import Plan, Responsibility, User
from tests import factories

PERSONAS = ("planner", "leader", "reporter_a", "reporter_b", "reporter_c", "admin")


class World:
    def __init__(self, federation):
        self.federation = federation
        self.propaganda = factories.UnitFactory(name="宣教部", parent=federation)
        self.unit_a = factories.UnitFactory(name="甲区总工会", parent=federation)
        self.unit_b = factories.UnitFactory(name="乙县总工会", parent=federation)
        self.unit_c = factories.UnitFactory(name="丙区总工会", parent=federation)

        self.plan = factories.PlanFactory(owner=self.propaganda, status=Plan.Status.PUBLISHED)
        self.section = factories.SectionFactory(plan=self.plan)
        self.task_a = factories.TaskFactory(section=self.section, title="甲的任务")
        self.task_b = factories.TaskFactory(section=self.section, title="乙的任务")
        lead, supporting = Responsibility.Role.LEAD, Responsibility.Role.SUPPORTING
        factories.ResponsibilityFactory(task=self.task_a, unit=self.unit_a, role=lead)
        factories.ResponsibilityFactory(task=self.task_a, unit=self.unit_b, role=supporting)
        factories.ResponsibilityFactory(task=self.task_b, unit=self.unit_b, role=lead)

        self.planner = factories.UserFactory(role=User.Role.PLANNER, unit=self.propaganda)
        self.leader = factories.UserFactory(role=User.Role.LEADER, unit=federation)
        self.reporter_a = factories.UserFactory(role=User.Role.REPORTER, unit=self.unit_a)
        self.reporter_b = factories.UserFactory(role=User.Role.REPORTER, unit=self.unit_b)
        self.reporter_c = factories.UserFactory(role=User.Role.REPORTER, unit=self.unit_c)
        self.admin = factories.UserFactory(
            role=User.Role.ADMIN, unit=None, is_staff=True, is_superuser=True
        )

    def user(self, persona):
        """The user named by ``persona`` (one of PERSONAS), for tests parametrised by role."""
        if persona not in PERSONAS:
            raise KeyError(persona)
        return getattr(self, persona)
