"""A planner goes from last year's plan to a published plan and its exports in the browser;
nothing typed is lost on the way."""

import datetime
import re

import docx
import openpyxl
import pytest
from playwright.sync_api import expect

from plans.models import Plan, Task
from tasks.models import Notification
from tests.plans.drafting.helpers import build_plan


@pytest.fixture
def last_year(world):
    """Last year's published plan of the world's federation, one task of it done."""
    plan = build_plan(
        world.federation,
        world.propaganda,
        year=2025,
        status=Plan.Status.PUBLISHED,
        units=[world.unit_a, world.unit_b, world.unit_c],
    )
    plan.tasks.filter(title="落实意识形态工作责任制").update(status=Task.Status.DONE)
    return plan


def _section_titles(page):
    return page.locator("#plan-sections > [data-testid=editor-section] > div > div > h2")


def _open_task_form(page, title):
    task = page.locator("[data-testid=editor-task]", has_text=title)
    task.get_by_test_id("edit-task").click()
    form = page.locator("form[data-testid=task-form]", has_text=title)
    expect(form).to_be_visible()
    return form


def test_from_last_years_plan_to_a_published_plan_and_its_exports(
    world, last_year, login, live_server, page, artifacts, tmp_path
):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(world.planner.username)

    # Copy last year's plan, leaving out what is done.
    page.goto(f"{live_server.url}/plans/{last_year.pk}/")
    page.get_by_test_id("more-actions").click()
    page.screenshot(path=str(artifacts / "drafting-more-menu.png"))
    page.get_by_test_id("copy-plan").click()
    copy_form = page.get_by_test_id("copy-form")
    expect(copy_form.locator("input[name=copy-year]")).to_have_value("2026")
    copy_form.locator("input[name=copy-only_open]").check()
    copy_form.get_by_test_id("copy-submit").click()
    page.wait_for_url(re.compile(r"/plans/\d+/edit/$"))
    plan = Plan.objects.get(year=2026, copied_from=last_year)
    assert plan.title == "测试市总工会2026年宣传教育工作要点"
    expect(page.get_by_test_id("editor-task")).to_have_count(3)

    # Edit a task in place: no page load (a marker on window survives), the deadline phrase
    # fills the date.
    page.evaluate("window.stillTheSamePage = true")
    form = _open_task_form(page, "推进职工书屋建设")
    form.locator("input[name=title]").fill("推进职工书屋提质增效")
    form.locator("input[name=deadline_text]").fill("10月底前")
    expect(form.locator("input[name=deadline]")).to_have_value("2026-10-31")
    page.screenshot(path=str(artifacts / "drafting-editor-form.png"), full_page=True)
    form.get_by_test_id("save").click()
    task = page.locator("[data-testid=editor-task]", has_text="推进职工书屋提质增效")
    expect(task).to_contain_text("完成时限：10月底前")
    assert page.evaluate("window.stillTheSamePage") is True
    edited = Task.objects.get(plan=plan, title="推进职工书屋提质增效")
    assert edited.deadline == datetime.date(2026, 10, 31) and edited.version == 2
    assert edited.targets.count() == 2  # untouched rows are kept

    # Swap the two sections: their numbers follow.
    titles = _section_titles(page)
    expect(titles).to_have_text(["一、强化职工思想政治引领", "二、加强职工文化阵地建设"])
    page.locator("#plan-sections > [data-testid=editor-section]").nth(1).get_by_test_id(
        "section-up"
    ).first.click()
    expect(titles).to_have_text(["一、加强职工文化阵地建设", "二、强化职工思想政治引领"])
    assert page.evaluate("window.stillTheSamePage") is True
    page.screenshot(path=str(artifacts / "drafting-editor.png"), full_page=True)

    # Publish from the checklist.
    page.get_by_test_id("publish-link").click()
    expect(page.get_by_test_id("blocker")).to_have_count(0)
    page.get_by_test_id("publish").click()
    page.wait_for_url(f"{live_server.url}/plans/{plan.pk}/")
    expect(page.get_by_test_id("plan-status")).to_have_text(str(Plan.Status.PUBLISHED.label))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PUBLISHED
    assert Notification.objects.filter(recipient=world.reporter_c).count() == 1

    # Both downloads, opened as Word and Excel files.
    page.get_by_test_id("more-actions").click()
    with page.expect_download() as download:
        page.get_by_test_id("export-docx").click()
    assert download.value.suggested_filename == "测试市总工会2026年宣传教育工作要点.docx"
    path = tmp_path / "plan.docx"
    download.value.save_as(path)
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs if p.text]
    assert paragraphs[0] == plan.title
    headings = [p for p in paragraphs if re.match("^[一二]、", p)]
    assert headings == ["一、加强职工文化阵地建设", "二、强化职工思想政治引领"]
    books = next(p for p in paragraphs if p.startswith("（一）推进职工书屋提质增效。"))
    assert books.endswith("（责任部门：丙区总工会，宣教部；完成时限：10月底前）")
    assert not any("落实意识形态工作责任制" in p for p in paragraphs)  # done last year

    if not page.get_by_test_id("export-xlsx").is_visible():
        page.get_by_test_id("more-actions").click()
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    path = tmp_path / "ledger.xlsx"
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [row[3] for row in rows] == [
        "推进职工书屋提质增效",
        "深入开展理论宣讲",
        "组织主题征文活动",
    ]
    assert rows[0][7:9] == ("10月底前", datetime.datetime(2026, 10, 31))
    assert rows[0][5] == "丙区总工会"
    assert "新建市级职工书屋30家" in rows[0][11]

    # The print views.
    if not page.get_by_test_id("print-link").is_visible():
        page.get_by_test_id("more-actions").click()
    page.get_by_test_id("print-link").click()
    expect(page.get_by_test_id("print-task")).to_have_count(3)
    page.screenshot(path=str(artifacts / "drafting-print.png"), full_page=True)
    page.goto(f"{live_server.url}/plans/{plan.pk}/ledger/")
    expect(page.get_by_test_id("ledger-row")).to_have_count(3)
    page.screenshot(path=str(artifacts / "drafting-ledger.png"), full_page=True)


# The targets stay quoted from the text, so the form is valid.
MINE = "新建市级职工书屋30家，推荐申报省级示范点5家。我补充的内容，不能丢。"


def test_a_second_save_of_the_same_task_shows_both_versions(
    world, last_year, login, live_server, page
):
    planner = world.planner
    login(planner.username)
    editor_url = f"{live_server.url}/plans/{last_year.pk}/edit/"
    page.goto(editor_url)
    mine = _open_task_form(page, "推进职工书屋建设")

    # A colleague, in another window, saves the same task first.
    colleague = page.context.new_page()
    colleague.goto(editor_url)
    theirs = _open_task_form(colleague, "推进职工书屋建设")
    theirs.locator("input[name=deadline_text]").fill("9月底前")
    expect(theirs.locator("input[name=deadline]")).to_have_value("2025-09-30")
    theirs.get_by_test_id("save").click()
    expect(colleague.locator("[data-testid=editor-task]", has_text="9月底前")).to_be_visible()

    mine.locator("textarea[name=body]").fill(MINE)
    mine.get_by_test_id("save").click()
    conflict = page.get_by_test_id("conflict")
    expect(conflict).to_be_visible()
    deadline_row = conflict.locator("tr", has_text="9月底前")
    expect(deadline_row.get_by_test_id("theirs")).to_have_text("9月底前")
    expect(deadline_row.get_by_test_id("yours")).to_have_text("11月底前")
    expect(conflict).to_contain_text(MINE)
    form = page.locator("form[data-testid=task-form]")
    expect(form.locator("textarea[name=body]")).to_have_value(MINE)
    assert Task.objects.get(plan=last_year, title="推进职工书屋建设").body != MINE

    # Saving again, having seen theirs, replaces it.
    form.get_by_test_id("save").click()
    expect(
        page.locator("[data-testid=editor-task]", has_text="我补充的内容，不能丢。")
    ).to_be_visible()
    task = Task.objects.get(plan=last_year, title="推进职工书屋建设")
    assert task.body == MINE and task.version == 3


def test_nothing_typed_is_lost(world, last_year, login, live_server, page):
    login(world.planner.username)
    page.goto(f"{live_server.url}/plans/{last_year.pk}/edit/")
    form = _open_task_form(page, "推进职工书屋建设")
    form.locator("textarea[name=body]").fill("还没有保存的文字")

    # Moving a section would redraw the plan: refused while a form holds unsaved input.
    page.get_by_test_id("section-down").first.click()
    expect(page.get_by_test_id("editor-alert")).to_be_visible()
    expect(form.locator("textarea[name=body]")).to_have_value("还没有保存的文字")

    # Leaving the page asks first; staying keeps the input.
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name=re.compile(last_year.title)).first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/edit/")
    expect(form.locator("textarea[name=body]")).to_have_value("还没有保存的文字")
    page.remove_listener("dialog", stay)

    # Invalid input comes back with a message and the typed values.
    form.locator("input[name=title]").fill("两句话。第二句")
    form.get_by_test_id("save").click()
    form = page.locator("form[data-testid=task-form]")
    expect(form.locator(".invalid-feedback, .is-invalid").first).to_be_visible()
    expect(form.locator("input[name=title]")).to_have_value("两句话。第二句")
    expect(form.locator("textarea[name=body]")).to_have_value("还没有保存的文字")

    # A session that ended: the login page is not swapped over the form.
    page.context.clear_cookies()
    form.locator("input[name=title]").fill("会话结束后输入的标题")
    form.get_by_test_id("save").click()
    expect(page.get_by_test_id("editor-alert")).to_be_visible()
    expect(form.locator("input[name=title]")).to_have_value("会话结束后输入的标题")
    expect(form.locator("textarea[name=body]")).to_have_value("还没有保存的文字")


def test_adding_a_section_and_a_task(world, last_year, login, live_server, page):
    login(world.planner.username)
    page.goto(f"{live_server.url}/plans/{last_year.pk}/edit/")
    page.get_by_test_id("add-section").click()
    form = page.locator("form[data-testid=section-form]")
    expect(form.locator("input[name=label]")).to_have_value("三、")
    form.locator("input[name=title]").fill("讲好工人故事")
    form.get_by_test_id("save").click()
    section = page.locator("[data-testid=editor-section]", has_text="三、讲好工人故事")
    expect(section).to_be_visible()
    expect(page.locator("form[data-testid=section-form]")).to_have_count(0)

    section.get_by_test_id("add-task").first.click()
    form = page.locator("form[data-testid=task-form]")
    expect(form.locator("input[name=label]")).to_have_value("（一）")
    form.locator("input[name=title]").fill("开展职工读书月活动")
    form.locator("textarea[name=body]").fill("组织读书分享会10场。")
    form.locator("input[name=deadline]").fill("2025-04-30")
    form.locator("input[name=deadline]").dispatch_event("change")
    expect(form.locator("input[name=deadline_text]")).to_have_value("4月30日前")
    form.get_by_label("丙区总工会").first.check()
    form.get_by_test_id("save").click()
    expect(section.get_by_test_id("editor-task")).to_contain_text(
        "（责任部门：丙区总工会；完成时限：4月30日前）"
    )
    task = Task.objects.get(title="开展职工读书月活动")
    assert list(task.targets.values_list("text", flat=True)) == ["组织读书分享会10场"]


def test_a_deadline_typed_before_the_form_has_settled_is_read(
    world, last_year, login, live_server, page
):
    """htmx shows a swapped-in form a few milliseconds before its load event: typing in that
    moment (CI's browser did) still fills the date. A copy of the form that no load event ever
    reaches stands for that moment."""
    login(world.planner.username)
    page.goto(f"{live_server.url}/plans/{last_year.pk}/edit/")
    _open_task_form(page, "推进职工书屋建设")
    page.evaluate(
        """() => {
            const form = document.querySelector("form[data-testid=task-form]");
            const copy = form.cloneNode(true);
            copy.id = "unsettled";
            form.after(copy);
        }"""
    )
    unsettled = page.locator("#unsettled")
    unsettled.locator("input[name=deadline_text]").fill("9月底前")
    expect(unsettled.locator("input[name=deadline]")).to_have_value("2025-09-30")
    unsettled.locator("input[name=deadline]").fill("2025-04-30")
    unsettled.locator("input[name=deadline]").dispatch_event("change")
    expect(unsettled.locator("input[name=deadline_text]")).to_have_value("4月30日前")


def test_a_blank_plan_and_a_task_moved_between_sections(world, login, live_server, page):
    login(world.planner.username)
    page.goto(f"{live_server.url}/plans/new/")
    blank = page.get_by_test_id("blank-form")
    blank.locator("input[name=blank-title]").fill("测试市总工会2027年宣传教育工作要点")
    blank.get_by_test_id("blank-submit").click()
    page.wait_for_url(re.compile(r"/plans/\d+/edit/$"))
    expect(page.get_by_test_id("no-sections")).to_be_visible()
    for title in ("强化思想引领", "加强阵地建设"):
        page.get_by_test_id("add-section").click()
        form = page.locator("form[data-testid=section-form]")
        form.locator("input[name=title]").fill(title)
        form.get_by_test_id("save").click()
        expect(page.locator("form[data-testid=section-form]")).to_have_count(0)
    expect(page.get_by_test_id("no-sections")).to_have_count(0)
    expect(page.get_by_test_id("section-title")).to_have_text(
        ["一、强化思想引领", "二、加强阵地建设"]
    )

    first, second = page.locator("#plan-sections > [data-testid=editor-section]").all()
    first.get_by_test_id("add-task").first.click()
    form = page.locator("form[data-testid=task-form]")
    form.locator("input[name=title]").fill("开展主题宣讲")
    form.locator("input[name=deadline_text]").fill("全年")
    expect(form.locator("input[name=deadline]")).to_have_value("2027-12-31")
    form.get_by_test_id("save").click()
    expect(first.get_by_test_id("editor-task")).to_have_count(1)

    form = _open_task_form(page, "开展主题宣讲")
    form.locator("select[name=section]").select_option(label="二、加强阵地建设")
    form.get_by_test_id("save").click()
    expect(second.get_by_test_id("editor-task")).to_contain_text("开展主题宣讲")
    expect(first.get_by_test_id("editor-task")).to_have_count(0)
    expect(page.locator("form[data-testid=task-form]")).to_have_count(0)
    task = Task.objects.get(title="开展主题宣讲")
    assert task.section.title == "加强阵地建设" and task.deadline == datetime.date(2027, 12, 31)
