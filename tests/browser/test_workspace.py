"""A unit's week on a phone: acknowledge, report with a photo and a figure, request completion;
the planner accepts and the light turns green."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from tests.tasks.workspace import files

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def due_soon(world):
    """Task A due in 3 days (a yellow light) with a target of 30 书屋."""
    plan = world.plan
    plan.published_at = timezone.now() - datetime.timedelta(days=100)
    plan.save()
    task = world.task_a
    task.deadline = timezone.localdate() + datetime.timedelta(days=3)
    task.deadline_text = "近期"
    task.save()
    world.target = factories.TargetFactory(task=task, text="新建职工书屋30家", value=30)
    return world


def _fits_the_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"


def test_unit_reports_on_a_phone_and_the_planner_accepts(
    due_soon, page, login, live_server, artifacts
):
    world = due_soon
    page.set_viewport_size(PHONE)

    # The unit: my tasks, then the task.
    login(world.reporter_a.username)
    assert page.url == f"{live_server.url}/my/"
    row = page.get_by_test_id("my-task")
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-light", "yellow")
    _fits_the_phone(page)
    page.screenshot(path=str(artifacts / "workspace-my-tasks-375.png"), full_page=True)
    row.click()
    expect(page.get_by_test_id("task-title")).to_contain_text("甲的任务")
    state = page.get_by_test_id("task-state")
    expect(state.get_by_test_id("light")).to_have_attribute("data-light", "yellow")

    # 签收
    page.get_by_test_id("acknowledge").click()
    expect(page.get_by_test_id("acknowledged")).to_be_visible()

    # 进展: text, percent, the figure toward the target, a photo.
    form = page.get_by_test_id("report-form")
    form.locator("textarea[name=text]").fill("新建职工书屋12家，举办读书分享会3场。")
    form.locator("input[name=percent]").fill("40")
    form.locator(f"input[name=target_{world.target.pk}]").fill("12")
    form.locator("input[name=files]").set_input_files(
        {"name": "现场照片.png", "mimeType": "image/png", "buffer": files.png(40, 30)}
    )
    _fits_the_phone(page)
    page.get_by_test_id("submit-report").click()
    report = page.get_by_test_id("report").first
    expect(report).to_contain_text("新建职工书屋12家")
    expect(report.get_by_test_id("report-percent")).to_have_text("40%")
    photo = report.locator("img.report-photo")
    expect(photo).to_be_visible()
    # Served through the checked view; a loaded machine may take a moment to decode it.
    photo.element_handle().wait_for_element_state("visible")
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
    )
    assert photo.evaluate("img => img.naturalWidth") == 40
    expect(page.get_by_test_id("target-total")).to_contain_text("12 / 30")

    # 申请办结
    # 40 % and 12 of 30: the unit is warned and confirms that it asks all the same.
    page.get_by_test_id("open-completion").click()
    warning = page.get_by_test_id("completion-warning")
    expect(warning).to_contain_text("40%")
    expect(warning).to_contain_text("12 / 30")
    page.locator("#completion textarea[name=note]").fill("书屋全部建成，见照片。")
    page.locator("#completion input[name=confirm_gaps]").check()
    page.get_by_test_id("submit-completion").click()
    expect(page.get_by_test_id("pending-completion")).to_be_visible()
    expect(page.get_by_test_id("task-status")).to_have_attribute(
        "data-status", "completion_requested"
    )
    _fits_the_phone(page)
    page.screenshot(path=str(artifacts / "workspace-task-375.png"), full_page=True)

    # The planner accepts from the review queue (办结审核).
    page.context.clear_cookies()
    login(world.planner.username)
    page.goto(f"{live_server.url}/review/")
    item = page.get_by_test_id("completion-item")
    expect(item).to_contain_text("书屋全部建成")
    # The evidence: the percent, the target against what was reached, the photo.
    expect(item.get_by_test_id("evidence-percent")).to_contain_text("40%")
    expect(item.get_by_test_id("target-reached")).to_have_text("12 / 30 家")
    expect(item.get_by_test_id("evidence-attachment")).to_have_text("现场照片.png")
    expect(item.get_by_test_id("completion-gaps")).to_be_visible()
    _fits_the_phone(page)
    page.screenshot(path=str(artifacts / "review-375.png"), full_page=True)
    # Accepting asks first: dismissed, nothing happens; confirmed, the task is done.
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss() if len(questions) == 1 else dialog.accept()

    page.on("dialog", answer)
    item.get_by_test_id("accept-completion").click()
    expect(page.get_by_test_id("completion-item")).to_have_count(1)
    item.get_by_test_id("accept-completion").click()
    expect(page.get_by_test_id("completion-item")).to_have_count(0)
    assert len(questions) == 2 and "甲的任务" in questions[0]

    page.goto(f"{live_server.url}/tasks/{world.task_a.pk}/")
    expect(page.get_by_test_id("task-status")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("task-state").get_by_test_id("light")).to_have_attribute(
        "data-light", "green"
    )
    expect(page.get_by_test_id("audit-entry").first).to_have_attribute(
        "data-action", "task.completion_accepted"
    )
