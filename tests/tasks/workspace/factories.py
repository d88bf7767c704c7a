import datetime

import factory
from factory.django import DjangoModelFactory

from plans.models import Responsibility
from tasks.models import (
    Acknowledgement,
    CompletionRequest,
    ExtensionRequest,
    ProgressReport,
    TargetFigure,
)
from tests.factories import TargetFactory, TaskFactory, UnitFactory


class ProgressReportFactory(DjangoModelFactory):
    class Meta:
        model = ProgressReport

    task = factory.SubFactory(TaskFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Responsibility.Role.LEAD
    text = factory.Sequence(lambda n: f"第{n}次进展：开展活动。")
    percent = 50


class TargetFigureFactory(DjangoModelFactory):
    class Meta:
        model = TargetFigure

    report = factory.SubFactory(ProgressReportFactory)
    target = factory.SubFactory(TargetFactory, task=factory.SelfAttribute("..report.task"))
    unit = factory.SelfAttribute("report.unit")
    value = 10


class AcknowledgementFactory(DjangoModelFactory):
    class Meta:
        model = Acknowledgement

    task = factory.SubFactory(TaskFactory)
    unit = factory.SubFactory(UnitFactory)


class CompletionRequestFactory(DjangoModelFactory):
    class Meta:
        model = CompletionRequest

    task = factory.SubFactory(TaskFactory)
    unit = factory.SubFactory(UnitFactory)
    note = "全部完成。"


class ExtensionRequestFactory(DjangoModelFactory):
    class Meta:
        model = ExtensionRequest

    task = factory.SubFactory(TaskFactory)
    unit = factory.SubFactory(UnitFactory)
    reason = "场地推迟。"
    proposed_deadline = factory.LazyAttribute(
        lambda o: o.task.deadline + datetime.timedelta(days=30)
    )
    old_deadline = factory.SelfAttribute("task.deadline")
    old_deadline_text = factory.SelfAttribute("task.deadline_text")
