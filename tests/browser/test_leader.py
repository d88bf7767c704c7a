"""A responsible leader opens 我的任务 and sees the tasks she answers for, then the dashboard
filtered by her name; no internal code reaches the page."""

import datetime
import re

from playwright.sync_api import expect

from plans.models import Responsibility
from tasks.models import ProgressReport
from tests import factories

INTERNAL = [re.compile(r"\w+\.\w+_\w+"), re.compile(r"not_started|in_progress"), re.compile("{'")]


def _clean(text):
    for pattern in INTERNAL:
        assert not pattern.search(text), pattern.pattern


def test_leader_reads_her_tasks_and_her_dashboard(world, login, live_server, page):
    today = datetime.date.today()
    world.plan.year = today.year
    world.plan.save()
    world.task_a.deadline = today - datetime.timedelta(days=5)
    world.task_a.save()
    zhang = factories.LeaderFactory(federation=world.federation, name="张慧", user=world.leader)
    li = factories.LeaderFactory(federation=world.federation, name="李强")
    role = Responsibility.Role.LEADER
    factories.ResponsibilityFactory(task=world.task_a, unit=None, leader=zhang, role=role)
    factories.ResponsibilityFactory(task=world.task_b, unit=None, leader=li, role=role)
    ProgressReport.objects.create(
        task=world.task_a, unit=world.unit_a, role="lead", text="已完成调研", percent=30
    )

    login(world.leader.username)
    page.goto(f"{live_server.url}/my/")
    rows = page.get_by_test_id("my-task")
    expect(rows).to_have_count(1)
    row = rows.first
    expect(row).to_contain_text("甲的任务")
    expect(row.get_by_test_id("lead-unit")).to_contain_text("甲区总工会")
    expect(row.get_by_test_id("days-overdue")).to_contain_text("逾期 5 天")
    expect(row.get_by_test_id("latest-report")).to_contain_text("已完成调研")
    expect(page.get_by_test_id("group-link-overdue")).to_contain_text("1")
    _clean(page.inner_text("body"))
    page.screenshot(path="/tmp/leader-my-tasks.png", full_page=True)

    page.get_by_test_id("group-link-overdue").click()
    page.wait_for_load_state()
    assert "group=overdue" in page.url

    page.get_by_test_id("my-dashboard").click()
    page.wait_for_load_state()
    assert f"leader={zhang.pk}" in page.url
    expect(page.locator("#f-leader option:checked")).to_have_text("张慧")
    overdue = page.get_by_test_id("overdue-task")
    expect(overdue).to_have_count(1)
    expect(overdue.first.get_by_test_id("responsible")).to_contain_text("张慧")
    expect(overdue.first.get_by_test_id("responsible")).to_contain_text("甲区总工会")
    expect(overdue.first).to_contain_text("逾期 5 天")
    _clean(page.inner_text("body"))
    page.screenshot(path="/tmp/leader-dashboard.png", full_page=True)

    page.select_option("#f-leader", label="李强")
    page.locator("form[data-testid=dashboard-filters] button[type=submit]").click()
    page.wait_for_load_state()
    assert f"leader={li.pk}" in page.url
    expect(page.get_by_test_id("overdue-task")).to_have_count(0)
