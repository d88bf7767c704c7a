"""A reporting round in the browser: the planner opens it, unit A answers from 我的任务 on a
phone, and the round's page shows unit A answered and unit B missing."""

from playwright.sync_api import expect

from tasks.models import RoundItem

PHONE = {"width": 375, "height": 812}


def test_a_unit_answers_a_round_from_my_tasks(world, page, login, live_server, artifacts):
    # The planner opens the round on the plan.
    login(world.planner.username)
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/rounds/")
    form = page.get_by_test_id("open-round")
    chooser = form.get_by_test_id("task-chooser")
    # The open tasks are ticked; "untick all" unticks them and the count follows.
    expect(chooser.locator("[data-check-count]").first).to_have_text("2")
    chooser.locator("button[data-check=none]").first.click()
    expect(chooser.locator("[data-check-count]").first).to_have_text("0")
    form.locator("input[name=name]").fill("2099年第三季度进展报送")
    form.locator("input[name=due_date]").fill("2099-09-30")
    form.locator("button[type=submit]").click()
    # No task chosen: said so, and what was typed is still there.
    expect(page.get_by_test_id("field-error")).to_be_visible()
    form = page.get_by_test_id("open-round")
    expect(form.locator("input[name=name]")).to_have_value("2099年第三季度进展报送")
    group = form.get_by_test_id("task-group").first
    group.locator("button[data-check=all]").click()
    expect(form.locator("[data-check-count]").first).to_have_text("2")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("round-unit")).to_have_count(2)

    # Unit A, on a phone: the round is waiting at the top of my tasks.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    login(world.reporter_a.username)
    block = page.get_by_test_id("open-rounds")
    expect(block).to_contain_text("2099年第三季度进展报送")
    page.screenshot(path=str(artifacts / "rounds-my-tasks-375.png"), full_page=True)
    block.get_by_role("link").first.click()
    item = page.get_by_test_id("round-item")
    expect(item).to_have_count(1)
    expect(item.get_by_test_id("not-answered")).to_be_visible()
    item.locator("textarea[name$='-text']").fill("本季度新建职工书屋5家。")
    item.locator("input[name$='-percent']").fill("50")
    item.get_by_test_id("submit-answer").click()
    expect(page.get_by_test_id("answer")).to_contain_text("本季度新建职工书屋5家。")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    page.screenshot(path=str(artifacts / "rounds-answer-375.png"), full_page=True)
    assert RoundItem.objects.filter(unit=world.unit_a, report__isnull=False).count() == 1

    # The planner sees who answered and who is missing.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 800})
    login(world.planner.username)
    page.goto(f"{live_server.url}/rounds/{RoundItem.objects.first().round_id}/")
    rows = page.get_by_test_id("round-unit")
    expect(rows.filter(has_text="甲区总工会").get_by_test_id("missing")).to_have_text("0")
    expect(rows.filter(has_text="乙县总工会").get_by_test_id("missing")).to_have_text("1")
    page.screenshot(path=str(artifacts / "rounds-detail.png"), full_page=True)
