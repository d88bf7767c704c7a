"""A planner uploads a .docx, corrects one unit in the preview, saves, and sees the draft; and
corrects the structure of a sample in the preview before saving it."""

import datetime
import io

import docx
from django.utils import timezone
from playwright.sync_api import expect

from plans.importing import pending
from plans.models import Plan
from tests.browser.test_csp import RECORD_VIOLATIONS
from tests.plans.importing.helpers import SAMPLES

LINES = [
    "2026年测试市总工会宣传教育工作要点",
    "2026年是开局之年，现制定如下要点。",
    "一、思想引领",
    "（一）开展理论宣讲。全年宣讲不少于60场次。（责任领导：张慧；责任部门：宣教部，甲区总工会、丙区工会；完成时限：全年）",
    "（二）落实意识形态责任制。（责任领导：张雷；责任部门：甲区总工会，宣教部；完成时限：6月底前）",
]


def test_upload_correct_a_unit_and_save(world, login, live_server, tmp_path, artifacts):
    document = docx.Document()
    for line in LINES:
        document.add_paragraph(line)
    path = tmp_path / "2026年要点.docx"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())

    page = login(world.planner.username)
    page.goto(f"{live_server.url}/plans/import/")
    page.set_input_files("input[name=document]", str(path))
    page.get_by_role("button", name="读取文档").click()
    page.wait_for_load_state()

    expect(page.get_by_test_id("parsed-tree")).to_contain_text("开展理论宣讲")
    expect(page.get_by_test_id("import-warnings")).to_contain_text("丙区工会")
    # "丙区工会" is a misspelling of the existing 丙区总工会: pick that instead of a new unit.
    page.locator("select[data-unit-name='丙区工会']").select_option(label="丙区总工会")
    page.screenshot(path=str(artifacts / "import-preview.png"), full_page=True)
    page.get_by_role("button", name="保存为草稿").click()
    page.wait_for_load_state()

    plan = Plan.objects.get(title=LINES[0])
    assert page.url == f"{live_server.url}{plan.get_absolute_url()}"
    expect(page.get_by_test_id("task")).to_have_count(2)
    expect(page.locator("article")).to_contain_text("丙区总工会")
    assert plan.status == Plan.Status.DRAFT
    assert not plan.tasks.filter(responsibilities__unit__name="丙区工会").exists()


SAMPLE = SAMPLES / "beijing-2017-union-publicity-plan.txt"


def test_correct_the_preview_split_merge_and_save(world, login, live_server, artifacts):
    """A planner imports a sample, types a title, splits a task at its second paragraph and
    merges two tasks (htmx re-draws the plan, the typed title stays), then saves."""
    page = login(world.planner.username)
    problems = []  # under the Content Security Policy, htmx and import.js break nothing
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/plans/import/")
    page.set_input_files("input[name=document]", str(SAMPLE))
    page.get_by_role("button", name="读取文档").click()
    page.wait_for_load_state()
    page.fill("input[name=title]", "2017年要点（已更正）")

    task = page.get_by_test_id("preview-task").filter(has_text="全面落实意识形态工作责任制")
    task.locator("summary").click()  # a body of two paragraphs is folded
    expect(task.get_by_test_id("preview-paragraph")).to_have_count(2)
    task.get_by_test_id("split").nth(1).click()
    summary = page.get_by_test_id("import-summary")
    expect(summary).to_contain_text("已拆分为两项")
    expect(page.get_by_test_id("preview-task")).to_have_count(13)
    new = page.get_by_test_id("preview-task").nth(2)
    expect(new).to_contain_text("3．各区总工会要按照市总和区委的统一要求")

    merged = page.get_by_test_id("preview-task").filter(has_text="6．继续做好首都职工志愿工作")
    merged.get_by_test_id("merge").click()
    expect(summary).to_contain_text("已合并为一项任务")
    expect(page.get_by_test_id("preview-task")).to_have_count(12)
    expect(page.locator("input[name=title]")).to_have_value("2017年要点（已更正）")
    page.screenshot(path=str(artifacts / "import-corrected.png"), full_page=True)
    problems += page.evaluate("window.__cspViolations.splice(0)")
    assert problems == []
    page.get_by_role("button", name="保存为草稿").click()
    page.wait_for_load_state()

    plan = Plan.objects.get(title="2017年要点（已更正）")
    assert page.url == f"{live_server.url}{plan.get_absolute_url()}"
    tasks = list(plan.tasks.order_by("order"))
    assert [task.label for task in tasks] == [f"{number}．" for number in range(1, 13)]
    assert tasks[2].title.startswith("各区总工会要按照市总和区委的统一要求")
    assert tasks[1].body.startswith("各级工会组织要全面加强意识形态工作")
    assert "各区总工会要按照" not in tasks[1].body
    assert tasks[5].title == "继续做好首都职工志愿工作"
    assert "有效发挥职工教育阵地作用。深化各类职工教育基地建设" in tasks[5].body
    assert tasks[6].title == "加强顶层设计和整体统筹，有效发挥媒体资源效能"


def test_a_correction_on_an_expired_preview_says_what_happened(
    world, login, live_server, artifacts
):
    """The upload was deleted while the preview was open (kept two days at most): the next
    correction says why the preview is gone and leads back to the import page."""
    page = login(world.planner.username)
    page.goto(f"{live_server.url}/plans/import/")
    page.fill("textarea[name=text]", "\n".join(LINES))
    page.get_by_role("button", name="读取文档").click()
    page.wait_for_load_state()
    preview = page.url
    pending.discard_stale(now=timezone.now() + pending.STALE_AFTER + datetime.timedelta(hours=1))
    page.get_by_test_id("preview-task").first.get_by_test_id("merge").click()
    gone = page.get_by_test_id("import-gone")
    expect(gone).to_contain_text("最多保留2天")
    expect(gone).to_contain_text("重新上传")
    assert page.url == preview
    page.screenshot(path=str(artifacts / "import-gone.png"))
    gone.get_by_role("link", name="重新导入").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/plans/import/"
