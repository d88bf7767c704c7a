"""A translated label is followed by the separator of its language: "截止时间：" in Chinese,
"Deadline: " in English — never "Deadline：". The separator is the translatable ": " (context
"between a label and what follows"); the parts of a line are separated by the translatable
"; " (context "between the parts of a line"): "；" in Chinese, "; " in English."""

import pytest
from django.conf import settings
from django.urls import reverse

from plans.models import Plan
from tests import factories
from tests.plans.importing.web.test_web import PLAN_TEXT

LANGUAGES = [("en", "Deadline: ", "Targets: "), ("zh-hans", "：", "：")]


def _get(client, url, language):
    # The language switch sets a cookie (unionplans/middleware.py).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url).content.decode()


@pytest.mark.parametrize(("language", "deadline", "_targets"), LANGUAGES)
def test_task_page(client, world, language, deadline, _targets):
    client.force_login(world.planner)
    page = _get(client, reverse("tasks:detail", args=[world.task_a.pk]), language)
    if language == "en":
        assert "Deadline: " in page and "Deadline：" not in page
    else:
        assert "完成时限：" in page


@pytest.mark.parametrize(("language", "deadline", "targets"), LANGUAGES)
def test_import_preview(client, world, language, deadline, targets):
    client.force_login(world.planner)
    url = client.post(reverse("plans:import"), {"owner": world.propaganda.pk, "text": PLAN_TEXT})
    page = _get(client, url["Location"], language)
    if language == "en":
        assert "Deadline: " in page and "Lead unit: " in page
        assert "：" not in page.split("Lead unit")[1][:40]
    else:
        assert "牵头部门：" in page and "完成时限：" in page


@pytest.mark.parametrize(("language", "_deadline", "targets"), LANGUAGES)
def test_editor(client, world, language, _deadline, targets):
    plan = factories.PlanFactory(owner=world.propaganda, status=Plan.Status.DRAFT)
    task = factories.TaskFactory(section=factories.SectionFactory(plan=plan))
    factories.TargetFactory(task=task)
    client.force_login(world.planner)
    page = _get(client, reverse("plans:edit", args=[plan.pk]), language)
    if language == "en":
        assert "Targets: " in page and "Targets：" not in page
    else:
        assert "指标：" in page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_figures_and_contributions_on_the_task_page(client, world, language):
    from decimal import Decimal

    from tasks.workspace import workflow

    target = factories.TargetFactory(task=world.task_a, text="新建职工书屋30家")
    workflow.report(
        world.reporter_a,
        world.task_a,
        world.unit_a,
        text="已建成12家",
        figures={target: Decimal(12)},
    )
    client.force_login(world.planner)
    page = _get(client, reverse("tasks:detail", args=[world.task_a.pk]), language)
    separator = ": " if language == "en" else "："
    assert f"{target.text}{separator}<strong>" in page
    assert f"{world.unit_a.display_name}{separator}12" in page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_import_preview_joins_responsibilities_in_the_language(client, world, language):
    client.force_login(world.planner)
    url = client.post(reverse("plans:import"), {"owner": world.propaganda.pk, "text": PLAN_TEXT})
    page = " ".join(_get(client, url["Location"], language).split())
    if language == "en":
        assert "Responsible leader: 张慧; Lead unit: 宣教部; " in page
        assert "Supporting units: 甲区总工会、经审办; " in page
        assert "；" not in page.split("Responsible leader")[1][:120]
    else:
        assert "责任领导：张慧；" in page and "牵头部门：宣教部；" in page


def test_no_template_writes_a_chinese_colon_after_a_translated_label():
    import re
    from pathlib import Path

    pattern = re.compile(r'\{% translate "[^"]+" %\}：')
    root = Path(settings.BASE_DIR) / "templates"
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in sorted(root.rglob("*.html"))
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
