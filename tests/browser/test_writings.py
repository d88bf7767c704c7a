"""The reporting loop in the browser: the planner opens a round, two units answer and one does
not, the reminder sweep chases the missing one, and the planner exports the compilation and a
bulletin as Word — read back, they hold each answer and name the missing unit."""

import datetime
import re

import docx
import openpyxl
from django.utils import timezone
from playwright.sync_api import expect

from plans.models import Responsibility
from tasks.models import Reminder, Round, RoundItem, Writing
from tasks.reminders.sweep import run as run_sweep
from tests import factories
from tests.tasks.reminders.helpers import day

ANSWER_A = "本季度新建职工书屋5家，开展读书分享会3场。"
ANSWER_B = "乙县开展理论宣讲12场，覆盖职工800人次。"


def _answer(page, login, live_server, user, rnd_pk, unit_pk, text):
    page.context.clear_cookies()
    login(user.username)
    page.goto(f"{live_server.url}/rounds/{rnd_pk}/units/{unit_pk}/")
    item = page.get_by_test_id("round-item")
    item.locator("textarea[name$='-text']").fill(text)
    item.locator("input[name$='-percent']").fill("40")
    item.locator("button[type=submit]").click()
    expect(page.get_by_test_id("answer")).to_contain_text(text)


def _download(page, test_id, path):
    with page.expect_download() as download:
        page.get_by_test_id(test_id).click()
    download.value.save_as(path)
    return path


def _word_text(path):
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_round_to_compilation_and_bulletin(world, page, login, live_server, artifacts, tmp_path):
    task_c = factories.TaskFactory(section=world.section, title="丙的任务")
    factories.ResponsibilityFactory(task=task_c, unit=world.unit_c, role=Responsibility.Role.LEAD)

    # The planner opens the round, due in a week (the form takes no date in the past).
    login(world.planner.username)
    page.goto(f"{live_server.url}/plans/{world.plan.pk}/rounds/")
    form = page.get_by_test_id("open-round")
    form.locator("input[name=name]").fill("2026年第一季度进展报送")
    due = timezone.localdate() + datetime.timedelta(days=7)
    form.locator("input[name=due_date]").fill(due.isoformat())
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("round-unit")).to_have_count(3)
    rnd_pk = RoundItem.objects.first().round_id
    # The sweep below runs on the reminder tests' calendar: the round is due on its Friday
    # 13 March 2026.
    Round.objects.filter(pk=rnd_pk).update(due_date=day(11))

    # Units A and B answer; unit C does not.
    _answer(page, login, live_server, world.reporter_a, rnd_pk, world.unit_a.pk, ANSWER_A)
    _answer(page, login, live_server, world.reporter_b, rnd_pk, world.unit_b.pk, ANSWER_B)

    # The morning sweep chases unit C only.
    run_sweep(day(4), enqueue=False)
    chased = Reminder.objects.filter(kind=Reminder.Kind.ROUND, round_id=rnd_pk)
    assert [reminder.unit for reminder in chased] == [world.unit_c]

    page.context.clear_cookies()
    login(world.planner.username)
    page.goto(f"{live_server.url}/reminders/deliveries/")
    expect(page.locator("main")).to_contain_text("2026年第一季度进展报送")

    # The compilation, generated from the round's page and exported.
    page.goto(f"{live_server.url}/rounds/{rnd_pk}/")
    page.get_by_test_id("compilation-link").click()
    page.get_by_test_id("compile").click()
    expect(page.get_by_test_id("writing-text")).to_contain_text(ANSWER_A)
    page.screenshot(path=str(artifacts / "writings-compilation.png"), full_page=True)
    text = _word_text(_download(page, "writing-docx", tmp_path / "compilation.docx"))
    assert ANSWER_A in text and ANSWER_B in text
    assert "未报送单位：丙区总工会（1项）。" in text
    assert "未报送：丙区总工会。" in text
    sheet = openpyxl.load_workbook(
        _download(page, "writing-xlsx", tmp_path / "compilation.xlsx")
    ).active
    states = {row[3]: row[9] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert states["丙区总工会"] == "未报送"

    # A bulletin of the round citing unit A's answer, edited and exported.
    page.goto(f"{live_server.url}/rounds/{rnd_pk}/")
    page.get_by_test_id("bulletin-link").click()
    page.get_by_test_id("example-choices").get_by_text(ANSWER_A[:10]).click()
    page.get_by_test_id("bulletin-generate").click()
    body = page.locator("textarea[name=body]")
    expect(body).to_have_value(re.compile("典型做法"))
    body.fill(body.input_value() + "\n请丙区总工会尽快补报。")
    page.get_by_test_id("writing-save").click()
    expect(page.get_by_test_id("writing-text")).to_contain_text("请丙区总工会尽快补报。")
    page.screenshot(path=str(artifacts / "writings-bulletin.png"), full_page=True)
    text = _word_text(_download(page, "writing-docx", tmp_path / "bulletin.docx"))
    assert "关于2026年第一季度进展报送情况的通报" in text
    assert ANSWER_A in text
    assert "丙区总工会" in text and "请丙区总工会尽快补报。" in text
    assert Writing.objects.count() == 2
