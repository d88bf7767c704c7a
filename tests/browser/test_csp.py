"""Every main page works under the Content Security Policy: Chromium reports no violation, no
console error and no script error, and what the inline handlers used to do still happens."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from plans.models import Responsibility
from tasks.models import ProgressReport
from tests.browser.test_dashboard import _plan

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def watched(page):
    """The page, with every console error, script error and policy violation recorded."""
    problems = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    def failed_response(response):
        if response.status >= 400:
            problems.append(f"{response.status} {response.url}")

    page.on("response", failed_response)
    page.add_init_script(RECORD_VIOLATIONS)

    def collect():
        """Violations of the page so far (Chromium also logs them as console errors)."""
        problems.extend(page.evaluate("window.__cspViolations.splice(0)"))

    def visit(url):
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, url
        assert "Content-Security-Policy" in {name.title() for name in response.headers}
        collect()
        return page

    visit.problems = problems
    visit.collect = collect
    return visit


def test_pages_of_each_role_break_no_policy(world, login, live_server, watched):
    _plan(world)
    plan = world.plan
    base = live_server.url
    watched(f"{base}{reverse('login')}")

    login(world.planner.username)
    for url in (
        reverse("plans:list"),
        plan.get_absolute_url(),
        reverse("plans:print", args=[plan.pk]),
        reverse("tasks:ledger", args=[plan.pk]),
    ):
        watched(f"{base}{url}")
    page = watched(f"{base}{reverse('plans:edit', args=[plan.pk])}")
    # htmx is loaded and swaps a form in without injecting styles.
    page.get_by_test_id("editor").locator("[hx-get]").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("form[data-editor-form]").first).to_be_visible()
    watched.collect()

    page.context.clear_cookies()
    login(world.reporter_a.username)
    watched(f"{base}{reverse('tasks:my_tasks')}")
    watched(f"{base}{reverse('tasks:detail', args=[world.task_a.pk])}")

    page.context.clear_cookies()
    login(world.leader.username)
    for url in (
        reverse("tasks:dashboard"),
        reverse("tasks:dashboard_big"),
        reverse("tasks:dashboard_print"),
    ):
        page = watched(f"{base}{url}")
        if "print" not in url:
            expect(page.locator("#chart-sections canvas")).to_have_count(1)
            if "big" in url:  # the wall screen's panels decide the height: nothing scrolls
                assert page.locator("#chart-sections").evaluate("e => e.offsetHeight") > 100
            else:
                # The height the server computed reaches the chart without a style attribute.
                height = page.locator("#chart-sections").evaluate("e => e.style.height")
                assert height.endswith("px") and height != "0px"
            # Tooltips come up without style attributes (ECharts draws them on the canvas).
            for chart in ("#chart-lights", "#chart-trend", "#chart-sections"):
                box = page.locator(chart).bounding_box()
                for x, y in ((0.5, 0.3), (0.3, 0.5), (0.7, 0.4)):
                    page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
                    page.wait_for_timeout(200)
            watched.collect()
    assert watched.problems == []


def test_moved_handlers_still_work(world, login, live_server, watched, page):
    login(world.reporter_a.username)
    page = watched(f"{live_server.url}{reverse('tasks:my_tasks')}")
    # Choosing a filter submits its form, as onchange did.
    page.select_option("#filter-status", index=1)
    page.wait_for_url("**/my/?*")
    assert "status=" in page.url
    # The language switch submits itself.
    page.select_option("#language", "en")
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # Progress bars get their width from data-width.
    ProgressReport.objects.create(
        task=world.task_a,
        unit=world.unit_a,
        role=Responsibility.Role.LEAD,
        text="进展",
        percent=40,
    )
    page = watched(f"{live_server.url}{reverse('tasks:my_tasks')}")
    bar = page.locator(".progress-bar[data-width]").first
    assert bar.evaluate("e => e.style.width") == "40%"
    assert watched.problems == []


def test_print_button_prints(world, login, live_server, watched):
    world.plan.year = datetime.date.today().year
    world.plan.save()
    login(world.leader.username)
    page = watched(f"{live_server.url}{reverse('tasks:dashboard_print')}")
    page.evaluate("() => { window.__printed = 0; window.print = () => window.__printed++; }")
    page.locator("[data-print]").click()
    assert page.evaluate("window.__printed") == 1
    assert watched.problems == []


def test_admin_pages_break_no_policy(world, login, live_server, watched):
    """Django's admin (and axes' pages in it) needs no inline script either. (It has no
    favicon, so the browser's guess at /favicon.ico is the one console error allowed.)"""
    login(world.admin.username)
    planner = world.planner
    for url in (
        reverse("admin:index"),
        reverse("admin:plans_user_changelist"),
        reverse("admin:plans_user_change", args=[planner.pk]),
        reverse("admin:axes_accessattempt_changelist"),
    ):
        watched(f"{live_server.url}{url}")
    assert [problem for problem in watched.problems if "404" not in problem] == []
