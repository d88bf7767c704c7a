import datetime

import factory
from factory.django import DjangoModelFactory

from plans.models import Leader, Plan, Responsibility, Section, Target, Task, Unit, User


class FederationFactory(DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["name", "federation"]

    name = factory.Sequence(lambda n: f"第{n}市总工会")
    kind = Unit.Kind.FEDERATION
    federation = None


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"第{n}区总工会")
    kind = Unit.Kind.DISTRICT
    parent = factory.SubFactory(FederationFactory)
    emails = factory.LazyAttribute(lambda unit: f"unit-{abs(hash(unit.name)) % 10**6}@example.org")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = User.Role.REPORTER
    unit = factory.SubFactory(UnitFactory)
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class LeaderFactory(DjangoModelFactory):
    class Meta:
        model = Leader

    federation = factory.SubFactory(FederationFactory)
    name = factory.Sequence(lambda n: f"领导{n}")


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    owner = factory.SubFactory(UnitFactory, kind=Unit.Kind.DEPARTMENT)
    year = 2026
    title = factory.Sequence(lambda n: f"2026年宣传教育工作要点（{n}）")
    status = Plan.Status.DRAFT


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(PlanFactory)
    label = "一、"
    title = factory.Sequence(lambda n: f"第{n}部分")
    order = factory.Sequence(lambda n: n)


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = Task

    section = factory.SubFactory(SectionFactory)
    plan = factory.SelfAttribute("section.plan")
    label = factory.Sequence(lambda n: f"{n}．")
    title = factory.Sequence(lambda n: f"任务{n}")
    body = "具体内容。"
    deadline_text = "12月底前"
    deadline = datetime.date(2026, 12, 31)
    order = factory.Sequence(lambda n: n)


class ResponsibilityFactory(DjangoModelFactory):
    class Meta:
        model = Responsibility

    task = factory.SubFactory(TaskFactory)
    role = Responsibility.Role.LEAD
    unit = factory.SubFactory(UnitFactory)


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    task = factory.SubFactory(TaskFactory)
    text = "新建市级职工书屋30家"
    value = 30
    measure = "家"
