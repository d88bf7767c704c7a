"""What a new user sees before reading a word: pages that fit a phone, a menu that fits one line
in English, a task's text shown once in the import preview."""

import pytest
from playwright.sync_api import expect

from plans.models import Plan
from tests import factories

PHONE = {"width": 390, "height": 844}


def _overflow(page):
    """How many pixels the page is wider than the screen (0 when nothing scrolls sideways)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize(
    "path",
    [
        lambda w: f"/plans/{w.plan.pk}/edit/",
        lambda w: f"/plans/{w.plan.pk}/publish/",
        lambda w: f"/plans/{w.plan.pk}/",
        lambda w: f"/plans/{w.plan.pk}/history/",
        lambda w: "/notifications/",
    ],
    ids=["editor", "publish", "plan", "history", "notifications"],
)
def test_a_planners_pages_fit_a_phone(world, login, live_server, path, artifacts):
    world.plan.status = Plan.Status.DRAFT
    world.plan.save()
    for task in (world.task_a, world.task_b):
        task.title = "深入开展习近平新时代中国特色社会主义思想学习宣传贯彻活动"
        task.body = "组织劳模工匠宣讲团深入企业、车间、班组开展面对面、互动式宣讲。" * 3
        task.save()
    page = login(world.planner.username)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + path(world))
    page.wait_for_load_state("networkidle")
    name = path(world).strip("/").replace("/", "-") or "home"
    page.screenshot(path=str(artifacts / f"phone-{name}.png"), full_page=True)
    assert _overflow(page) == 0


def test_the_editors_buttons_sit_under_the_text_on_a_phone(world, login, live_server):
    world.plan.status = Plan.Status.DRAFT
    world.plan.save()
    page = login(world.planner.username)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/edit/")
    task = page.get_by_test_id("editor-task").first
    text = task.get_by_test_id("task-heading").locator("xpath=..").bounding_box()
    toolbar = task.locator(".editor-toolbar").bounding_box()
    # the text takes the whole width; the buttons come below it, not squeezed beside it
    assert toolbar["y"] >= text["y"] + text["height"] - 1
    assert text["width"] > PHONE["width"] * 0.6


@pytest.mark.parametrize("width", [1000, 1366])
def test_the_menu_fits_one_line_in_english(world, login, live_server, width):
    """Wide enough, every entry on one line; narrower, the menu folds behind its button."""
    world.planner.first_name = "王宣"
    world.planner.save()
    page = login(world.planner.username)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/plans/")
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert _overflow(page) == 0
    if not page.locator(".navbar-toggler").is_visible():
        expect(page.get_by_role("link", name="My tasks")).to_be_visible()
        for link in page.locator("nav.navbar .nav-link, nav.navbar .btn").all():
            box = link.bounding_box()
            line = link.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
            assert box["height"] < 2 * line, link.inner_text()


def test_the_import_preview_shows_a_tasks_text_once(world, login, live_server):
    text = "\n".join(
        [
            "2026年测试市总工会宣传教育工作要点",
            "一、思想引领",
            "（一）开展理论宣讲。全年宣讲不少于60场次，覆盖职工2万人次。"
            "（责任领导：张慧；责任部门：宣教部；完成时限：全年）",
        ]
    )
    page = login(world.planner.username)
    page.goto(f"{live_server.url}/plans/import/")
    page.fill("textarea[name=text]", text)
    page.get_by_role("button", name="读取文档").click()
    page.wait_for_load_state()
    body = page.get_by_test_id("preview-task-body").first
    expect(body).to_have_attribute("open", "")
    assert body.inner_text().count("全年宣讲不少于60场次") == 1
    body.locator("summary").click()  # closed, the summary says what the text begins with
    assert "全年宣讲不少于60场次" in body.locator("summary").inner_text()


def test_a_units_name_stays_on_one_line_in_the_score_table_on_a_phone(world, login, live_server):
    unit = factories.UnitFactory(name="峨边彝族自治县总工会", parent=world.federation)
    factories.ResponsibilityFactory(task=world.task_b, unit=unit, role="lead")
    page = login(world.planner.username)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/assessment/")
    name = page.locator("[data-testid=unit]", has_text="峨边彝族自治县总工会")
    box = name.bounding_box()
    line = name.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert box["height"] < 2 * line + 12  # one line and the cell's padding


def test_a_units_total_score_is_on_screen_on_a_phone(world, login, live_server):
    page = login(world.reporter_b.username)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/assessment/")
    total = page.get_by_test_id("total").first
    expect(total).to_be_visible()
    box = total.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
