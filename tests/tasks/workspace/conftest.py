import datetime

import pytest
from django.utils import timezone

from tests import factories


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a folder of this test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def ws(world, today):
    """The ``world`` with a workspace to report in: the plan was published 60 days ago, task A
    (lead: unit A, supporting: unit B) is due in 60 days and has a target of 30 书屋."""
    plan = world.plan
    plan.published_at = timezone.now() - datetime.timedelta(days=60)
    plan.save()
    task = world.task_a
    task.deadline = today + datetime.timedelta(days=60)
    task.deadline_text = "全年"
    task.save()
    world.target = factories.TargetFactory(
        task=task, text="新建市级职工书屋30家", value=30, measure="家"
    )
    return world
