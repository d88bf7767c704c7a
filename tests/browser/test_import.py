"""A planner uploads a .docx, corrects one unit in the preview, saves, and sees the draft."""

import io

import docx
from playwright.sync_api import expect

from plans.models import Plan

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
