"""A leader opens the dashboard: charts draw, the ranking sorts, an overdue task opens, and the
big screen is photographed for the record."""

import datetime

from playwright.sync_api import expect

from plans.models import Responsibility, Task
from tests import factories


def _plan(world):
    today = datetime.date.today()
    plan = world.plan
    plan.year = today.year
    plan.save()
    world.task_a.deadline = today - datetime.timedelta(days=5)
    world.task_a.save()
    unit_c = world.unit_c
    for n in range(3):
        task = factories.TaskFactory(
            section=world.section,
            deadline=today + datetime.timedelta(days=20 + n),
            status=Task.Status.DONE if n else Task.Status.IN_PROGRESS,
        )
        factories.ResponsibilityFactory(task=task, unit=unit_c, role=Responsibility.Role.LEAD)


def test_leader_reads_the_dashboard(world, login, live_server, page, artifacts):
    _plan(world)
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(world.leader.username)
    assert page.url.endswith("/dashboard/")
    for chart in ("chart-lights", "chart-trend", "chart-sections"):
        expect(page.get_by_test_id(chart).locator("canvas")).to_have_count(1)

    names = page.get_by_test_id("unit-name")
    page.locator("a[data-sort=name]").click()
    page.wait_for_load_state()
    assert "sort=name" in page.url
    by_name = names.all_inner_texts()
    assert by_name == sorted(by_name)
    page.locator("a[data-sort=overdue]").click()
    page.wait_for_load_state()
    assert names.first.inner_text() in {"甲区总工会", "乙县总工会"}  # the units with overdue work

    page.get_by_test_id("overdue-task").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/tasks/{world.task_a.pk}/")
    assert errors == []


def test_big_screen_screenshot(world, login, live_server, page, artifacts):
    _plan(world)
    page.set_viewport_size({"width": 1920, "height": 1080})
    login(world.leader.username)
    page.get_by_test_id("big-screen-link").click()
    page.wait_for_load_state()
    expect(page.locator("#chart-trend canvas")).to_have_count(1)
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "dashboard-big-screen.png"))
    assert (artifacts / "dashboard-big-screen.png").stat().st_size > 10_000
    # A wall screen is not scrolled: everything fits 1920 × 1080, the ranking included.
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080
    rows = page.locator(".big-table tbody tr")
    expect(rows.last).to_be_in_viewport(ratio=1)


def _lines(locator):
    """How many lines a cell's text takes."""
    return locator.evaluate(
        """e => { const range = document.createRange(); range.selectNodeContents(e);
                  const half = parseFloat(getComputedStyle(e).fontSize) / 2;
                  const tops = [...range.getClientRects()].map(r => r.top).sort((a, b) => a - b);
                  return tops.filter((top, i) => i === 0 || top - tops[i - 1] > half).length; }"""
    )


def test_the_dashboards_tables_read_on_a_phone(world, login, live_server, page, artifacts):
    """Headers and unit names stay on one line, a section's name keeps a readable width; a table
    wider than the phone scrolls sideways inside its card, not the page."""
    _plan(world)
    world.section.title = "深入学习宣传贯彻习近平新时代中国特色社会主义思想和党的二十大精神"
    world.section.save()
    page.set_viewport_size({"width": 390, "height": 844})
    login(world.leader.username)
    page.wait_for_load_state("networkidle")
    table = page.get_by_test_id("section-table")
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "phone-dashboard.png"), full_page=True)
    card = table.locator("xpath=ancestor::div[contains(@class, 'card')][1]")
    card.screenshot(path=str(artifacts / "phone-dashboard-sections.png"))
    for header in page.locator("[data-testid=section-table] th, [data-testid=unit-table] th").all():
        assert _lines(header) == 1, header.inner_text()
    for name in page.get_by_test_id("unit-name").all():
        assert _lines(name) == 1, name.inner_text()
    section = table.locator("tbody td").first
    size = section.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert section.bounding_box()["width"] >= 8 * size  # eight characters a line at least
    assert (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        == 0
    )
