"""The assessment in the browser: the planner reaches it from the plan, sets the weights (the
running total warns before saving, the server refuses a wrong total and keeps what was typed),
deducts points from a unit with a reason, and the leader finds the units on the dashboard —
without a script error or a Content Security Policy violation."""

from playwright.sync_api import expect

from tasks.models import AssessmentScheme, ScoreAdjustment
from tests.browser.test_dashboard import _plan

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def test_planner_weighs_adjusts_and_the_leader_sees(world, login, live_server, page, artifacts):
    _plan(world)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.add_init_script(RECORD_VIOLATIONS)

    login(world.planner.username)
    page.goto(f"{live_server.url}{world.plan.get_absolute_url()}")
    page.get_by_test_id("more-actions").click()
    page.get_by_test_id("more-menu").get_by_test_id("assessment-link").click()
    expect(page.get_by_test_id("assessment-row")).to_have_count(3)

    # The weights: the total is shown as they are typed, and a wrong one is refused.
    page.get_by_test_id("scheme-link").click()
    total = page.get_by_test_id("weight-total")
    expect(total).to_contain_text("100 / 100")
    page.fill("input[name=on_time]", "50")
    expect(total).to_contain_text("110 / 100")
    expect(total).to_have_class("small text-danger fw-semibold")
    page.get_by_test_id("scheme-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("110")
    expect(page.locator("input[name=on_time]")).to_have_value("50")
    page.fill("input[name=targets]", "20")
    expect(total).to_contain_text("100 / 100")
    page.get_by_test_id("scheme-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("weights")).to_contain_text("50")
    assert AssessmentScheme.objects.get().weights["targets"] == 20

    # A deduction for 乙, with its reason.
    page.get_by_test_id("assessment-row").filter(has_text="乙县总工会").get_by_role("link").click()
    form = page.get_by_test_id("adjust-form")
    form.locator("input[name=points]").fill("-1.5")
    form.locator("textarea[name=reason]").fill("季度报送材料迟报。")
    form.locator("button[type=submit]").click()
    row = page.get_by_test_id("assessment-row").filter(has_text="乙县总工会")
    expect(row.get_by_test_id("adjustment")).to_have_text("-1.5")
    expect(page.get_by_test_id("adjustments")).to_contain_text("季度报送材料迟报。")
    assert ScoreAdjustment.objects.get().points == -1.5
    page.screenshot(path=str(artifacts / "assessment-table.png"), full_page=True)

    # The leader: the first units on the dashboard, one click to the table.
    page.context.clear_cookies()
    login(world.leader.username)
    block = page.get_by_test_id("assessment-block")
    expect(block.get_by_test_id("assessment-top")).to_have_count(3)
    block.screenshot(path=str(artifacts / "assessment-dashboard.png"))
    block.get_by_test_id("assessment-link").click()
    expect(page.get_by_test_id("assessment-row")).to_have_count(3)
    expect(page.get_by_test_id("adjust-link")).to_have_count(0)

    problems.extend(page.evaluate("window.__cspViolations"))
    assert problems == []
