"""A planner downloads the list template, fills it, uploads it, checks the preview and applies
it; a new person logs in with the initial password and must choose their own first."""

from openpyxl import load_workbook
from playwright.sync_api import expect

from plans.models import Unit, User


def test_import_the_lists_and_first_login(world, login, live_server, tmp_path, artifacts):
    page = login(world.planner.username)
    page.get_by_role("link", name="组织机构").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("unit-tree")).to_contain_text("甲区总工会")
    page.get_by_role("link", name="从Excel导入").click()
    with page.expect_download() as download_info:
        page.get_by_test_id("template-link").click()
    template = tmp_path / "template.xlsx"
    download_info.value.save_as(template)

    book = load_workbook(template)
    unit = ["丁区总工会", "测试市总工会", "区县总工会", "丁区", "d@example.org", 5]
    book["单位名单"].append(unit)
    book["人员名单"].append(["赵丁", "丁区总工会", "zhaoding", "单位填报员", "13800000002", ""])
    filled = tmp_path / "名单.xlsx"
    book.save(filled)

    page.set_input_files("input[name=workbook]", str(filled))
    page.get_by_role("button", name="读取名单").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("unit-rows")).to_contain_text("丁区总工会")
    expect(page.get_by_test_id("people-rows")).to_contain_text("新建")
    page.screenshot(path=str(artifacts / "organisation-preview.png"), full_page=True)
    assert not Unit.objects.filter(name="丁区总工会").exists()
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_load_state()
    passwords = page.get_by_test_id("initial-passwords")
    expect(passwords).to_contain_text("zhaoding")
    password = passwords.locator("code").first.inner_text()
    assert User.objects.get(username="zhaoding").unit.name == "丁区总工会"

    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()
    login("zhaoding", password)
    expect(page.get_by_test_id("password-forced")).to_be_visible()
    page.goto(f"{live_server.url}/my/")
    expect(page.get_by_test_id("password-forced")).to_be_visible()
    page.fill("input[name=old_password]", password)
    page.fill("input[name=new_password1]", "Zd-2026-river")
    page.fill("input[name=new_password2]", "Zd-2026-river")
    page.screenshot(path=str(artifacts / "organisation-first-login.png"), full_page=True)
    page.get_by_role("button", name="修改密码").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("current-user")).to_contain_text("赵丁")
    assert not User.objects.get(username="zhaoding").must_change_password

    # The planner reads all of it in the organisation's change log, in words.
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()
    login(world.planner.username)
    page.get_by_role("link", name="组织机构").click()
    page.get_by_test_id("changes-tab").click()
    page.wait_for_load_state()
    entries = page.get_by_test_id("audit-entry")
    expect(entries.first).to_contain_text("本人修改初始密码")
    for words in ("导入单位和人员名单", "新建账号", "新建单位", "赵丁（zhaoding）", "丁区总工会"):
        expect(page.locator("main")).to_contain_text(words)
    expect(page.locator("main")).not_to_contain_text(password)
    page.select_option("select[name=action]", label="新建单位")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_load_state()
    expect(entries).to_have_count(1)
    page.screenshot(path=str(artifacts / "organisation-changes.png"), full_page=True)
