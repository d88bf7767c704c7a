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


def test_a_large_plan_opens_folded_and_a_section_on_demand(world, login, live_server, monkeypatch):
    from plans.views import outline

    monkeypatch.setattr(outline, "WHOLE_PLAN_TASKS", 10)
    monkeypatch.setattr(outline, "SECTION_PAGE_TASKS", 2)
    grown = grow(world, tasks=12)
    page = login(world.planner.username)
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/")
    expect(page.get_by_test_id("plan-folded")).to_contain_text("共14项任务")  # and task A, B
    expect(page.get_by_test_id("task")).to_have_count(2)  # task A and task B
    section = grown[0].section_id  # its subsection's link is inside it: the link by address
    page.locator(f'[data-testid="open-section"][href^="?section={section}#"]').click()
    expect(page.get_by_test_id("task")).to_have_count(2)
    expect(page.locator(f"#task-{grown[0].pk}")).to_be_visible()
    page.get_by_role("link", name="下一页").click()
    expect(page.locator(f"#task-{grown[4].pk}")).to_be_visible()
    page.screenshot(path="/tmp/perf-plan-folded.png", full_page=True)
