"""A planner pages through many plans and opens one: the list is paged, the plan reads as the
document with its tasks' links and notes."""

from playwright.sync_api import expect

from tests.growth import grow


def test_page_through_the_plans_and_open_one(world, login, live_server):
    grow(world, plans=60, tasks=7)
    page = login(world.planner.username)
    expect(page.get_by_test_id("plan-item")).to_have_count(50)
    page.get_by_role("link", name="下一页").click()
    expect(page.get_by_test_id("plan-item")).to_have_count(11)
    page.screenshot(path="/tmp/perf-plans-page-2.png", full_page=True)
    page.get_by_role("link", name="上一页").click()
    page.get_by_test_id("plan-item").first.click()
    expect(page.get_by_test_id("task")).to_have_count(world.plan.tasks.count())
    expect(page.locator(".responsibility-note").first).to_contain_text("牵头部门")
    page.screenshot(path="/tmp/perf-plan.png", full_page=True)
    page.get_by_test_id("task").locator("a").first.click()
    expect(page.get_by_test_id("task-title")).to_be_visible()
