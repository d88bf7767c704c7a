"""Each role logs in through the browser and lands on its page."""

import pytest
from playwright.sync_api import expect

LANDINGS = {
    "planner": ("/plans/", "历年工作要点"),
    "leader": ("/dashboard/", "领导看板"),
    "reporter_a": ("/my/", "我的任务"),
    "admin": ("/plans/", "历年工作要点"),
}


@pytest.mark.parametrize("role", list(LANDINGS))
def test_role_lands_on_its_page(world, login, live_server, role):
    path, heading = LANDINGS[role]
    page = login(world.user(role).username)
    assert page.url == f"{live_server.url}{path}"
    expect(page.locator("h1")).to_contain_text(heading)
    expect(page.get_by_test_id("current-user")).to_contain_text(world.user(role).username)


def test_reporter_sees_own_task_and_not_the_other(world, login, live_server):
    page = login(world.reporter_a.username)
    expect(page.get_by_test_id("my-task")).to_have_count(1)
    page.get_by_test_id("my-task").click()
    expect(page.get_by_test_id("task-title")).to_contain_text("甲的任务")
    response = page.goto(f"{live_server.url}/tasks/{world.task_b.pk}/")
    assert response.status == 404


def test_wrong_password_keeps_the_username(world, login, page):
    login(world.planner.username, password="wrong")
    expect(page.locator(".alert-danger")).to_be_visible()
    expect(page.locator("input[name=username]")).to_have_value(world.planner.username)


def test_log_out(world, login, page, live_server):
    login(world.planner.username)
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
