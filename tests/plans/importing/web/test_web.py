"""Importing in the browser: upload or paste → preview with corrections → a draft plan."""

import io
import re
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.importing.readers.office import find_soffice
from plans.models import Plan, Responsibility, Unit, User
from tests import factories

PLAN_TEXT = """2026年测试市总工会宣传教育工作要点
2026年是开局之年。
一、思想引领
（一）开展理论宣讲。全年宣讲不少于60场次。（责任领导：张慧；责任部门：宣教部，甲区总工会、经审办；完成时限：全年）
（二）落实意识形态责任制。每季度研判。（责任领导：张雷；责任部门：甲区总工会，宣教部；完成时限：6月底前）
"""


SAMPLES = Path(__file__).resolve().parents[4] / "plans" / "demo" / "samples"


def _blank_pdf() -> bytes:
    """A PDF without a text layer, as a scanner makes it."""
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def planner_client(client, world):
    client.force_login(world.planner)
    return client


def _start(client, world, **data):
    payload = {"owner": world.propaganda.pk, **data}
    return client.post(reverse("plans:import"), payload)


def test_paste_preview_and_save(planner_client, world):
    response = _start(planner_client, world, text=PLAN_TEXT)
    assert response.status_code == 302
    preview_url = response["Location"]
    preview = planner_client.get(preview_url)
    content = preview.content.decode()
    assert "开展理论宣讲" in content and "落实意识形态责任制" in content
    assert "经审办" in content  # proposed as a new unit
    form = preview.context["form"]
    rows = {row["name"]: row for row in form.unit_rows}
    assert rows["宣教部"]["match"] == world.propaganda
    assert rows["经审办"]["match"] is None
    # Correct the new unit 经审办 to the existing 丙区总工会, as a planner would in the preview.
    data = {"title": "2026年测试要点", "year": 2026}
    for row in form.unit_rows:
        value = form.fields[row["field"]].initial
        data[row["field"]] = world.unit_c.pk if row["name"] == "经审办" else value
    response = planner_client.post(preview_url, data)
    plan = Plan.objects.get(title="2026年测试要点")
    assert response["Location"] == plan.get_absolute_url()
    assert plan.status == Plan.Status.DRAFT and plan.owner == world.propaganda
    assert plan.source_file.read().decode("utf-8") == PLAN_TEXT
    first = plan.tasks.order_by("order").first()
    units = {(r.role, r.unit.name) for r in first.responsibilities.exclude(unit=None)}
    assert units == {
        (Responsibility.Role.LEAD, "宣教部"),
        (Responsibility.Role.SUPPORTING, "甲区总工会"),
        (Responsibility.Role.SUPPORTING, "丙区总工会"),
    }
    assert not Unit.objects.filter(name="经审办").exists()
    # Submitting the preview again does not make a second plan.
    assert planner_client.post(preview_url, data)["Location"] == plan.get_absolute_url()
    assert Plan.objects.filter(title="2026年测试要点").count() == 1


def test_new_units_are_created_once(planner_client, world):
    preview_url = _start(planner_client, world, text=PLAN_TEXT)["Location"]
    form = planner_client.get(preview_url).context["form"]
    data = {"title": "要点", "year": 2026}
    data.update({row["field"]: form.fields[row["field"]].initial for row in form.unit_rows})
    planner_client.post(preview_url, data)
    created = Unit.objects.get(name="经审办")
    assert created.federation == world.federation
    assert created.kind == Unit.Kind.DEPARTMENT


def test_docx_upload(planner_client, world):
    document = docx.Document()
    for line in PLAN_TEXT.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("要点.docx", buffer.getvalue())
    response = _start(planner_client, world, document=upload)
    assert response.status_code == 302
    assert "开展理论宣讲" in planner_client.get(response["Location"]).content.decode()


def test_missing_year_is_asked_for(planner_client, world):
    text = PLAN_TEXT.replace("2026年", "")
    preview_url = _start(planner_client, world, text=text)["Location"]
    preview = planner_client.get(preview_url)
    assert preview.context["form"]["year"].value() is None
    form = preview.context["form"]
    data = {"title": "无年份", "year": ""}
    data.update({row["field"]: form.fields[row["field"]].initial for row in form.unit_rows})
    response = planner_client.post(preview_url, data)
    assert response.status_code == 200 and response.context["form"].errors["year"]
    assert not Plan.objects.filter(title="无年份").exists()
    data["year"] = 2025
    planner_client.post(preview_url, data)
    assert Plan.objects.get(title="无年份").year == 2025


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, ".docx"),
        ("broken.pdf", b"%PDF-1.7 ...", "PDF"),
        ("scan.pdf", _blank_pdf(), "扫描件"),  # the page is in Chinese
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, ".xlsx"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "broken.docx"),
    ],
)
def test_unreadable_files_save_nothing_and_say_why(planner_client, world, name, content, message):
    response = _start(planner_client, world, document=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors and message in errors[0]
    assert Plan.objects.count() == 1  # only the world's plan


def test_pasted_text_is_kept_when_it_cannot_be_read(planner_client, world):
    response = _start(planner_client, world, text="这只是一段没有编号的文字。")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "这只是一段没有编号的文字。" in response.content.decode()


def test_nothing_to_import(planner_client, world):
    response = _start(planner_client, world)
    assert response.status_code == 200 and response.context["form"].non_field_errors()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=400))
def test_random_text_never_crashes_the_form(planner_client, world, text):
    response = _start(planner_client, world, text=text)
    assert response.status_code in (200, 302)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400), name=st.sampled_from(["x.docx", "x.txt", "x", "x.doc"]))
def test_random_bytes_never_crash_the_form(planner_client, world, data, name):
    response = _start(planner_client, world, document=SimpleUploadedFile(name, data or b"\0"))
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("role", ["reporter_a", "leader"])
def test_only_planners_import(client, world, role):
    client.force_login(world.user(role))
    assert client.get(reverse("plans:import")).status_code == 403


def test_anonymous_goes_to_login(client, world):
    assert client.get(reverse("plans:import")).status_code == 302


def test_preview_belongs_to_its_session(client, world):
    planner = world.planner
    client.force_login(planner)
    preview_url = _start(client, world, text=PLAN_TEXT)["Location"]
    other = factories.UserFactory(role=User.Role.PLANNER, unit=world.propaganda)
    client.force_login(other)
    response = client.get(preview_url)
    assert response.status_code == 404 and "开展理论宣讲" not in response.content.decode()


def _gone(response):
    """The words of the page that says a preview is gone, or None when it is not that page."""
    content = response.content.decode()
    found = re.search(r'data-testid="import-gone"[^>]*>(.*?)</main>', content, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else None


def _says_the_preview_is_gone(response):
    """What happened and what to do, in words, with a link back to the import page."""
    assert response.status_code == 404
    words = _gone(response)
    assert "导入预览只能由上传文件的人在上传时的那次登录中打开，最多保留2天" in words
    assert "请重新上传文件" in words
    assert f'href="{reverse("plans:import")}"' in response.content.decode()


def test_preview_after_logging_in_again_says_why_it_is_gone(client, world):
    client.force_login(world.planner)
    preview_url = _start(client, world, text=PLAN_TEXT)["Location"]
    client.logout()
    client.force_login(world.planner)
    _says_the_preview_is_gone(client.get(preview_url))


@pytest.mark.parametrize("token", ["unknown-token-00", "..", "%E2%80%A6"])
def test_an_unknown_preview_says_why_it_is_gone(planner_client, world, token):
    _says_the_preview_is_gone(planner_client.get(reverse("plans:import_preview", args=[token])))


def test_another_users_preview_is_as_unknown_as_one_never_given(client, world):
    """Someone else's upload is not told apart from a token that names nothing."""
    client.force_login(world.planner)
    preview_url = _start(client, world, text=PLAN_TEXT)["Location"]
    client.logout()
    client.force_login(factories.UserFactory(role=User.Role.PLANNER, unit=world.propaganda))
    response = client.get(preview_url)
    _says_the_preview_is_gone(response)
    never = client.get(reverse("plans:import_preview", args=["unknown-token-00"]))
    assert _gone(response) == _gone(never)


def test_owner_must_be_of_the_planners_federation(planner_client, world):
    elsewhere = factories.UnitFactory(name="外市宣教部")
    response = planner_client.post(
        reverse("plans:import"), {"owner": elsewhere.pk, "text": PLAN_TEXT}
    )
    assert response.status_code == 200 and response.context["form"].errors["owner"]


def test_uploads_nobody_saved_are_deleted_after_two_days(planner_client, world):
    import datetime

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from plans.importing import pending

    first = _start(planner_client, world, text=PLAN_TEXT)["Location"]
    token = first.rstrip("/").rsplit("/", 1)[-1]
    (name,) = default_storage.listdir(f"imports/{token}")[1]
    pending.discard_stale(now=timezone.now() + datetime.timedelta(days=1))
    assert default_storage.exists(f"imports/{token}/{name}")
    pending.discard_stale(now=timezone.now() + datetime.timedelta(days=3))
    assert not default_storage.exists(f"imports/{token}/{name}")
    # Gone with its files: the planner is told so, and to upload it again.
    _says_the_preview_is_gone(planner_client.get(first))


def test_preview_warns_next_to_a_task_with_an_implausible_deadline(planner_client, world):
    text = PLAN_TEXT.replace("完成时限：6月底前", "完成时限：2099年12月底前").replace(
        "完成时限：全年", "完成时限：13月底前"
    )
    preview_url = _start(planner_client, world, text=text)["Location"]
    preview = planner_client.get(preview_url)
    content = preview.content.decode()
    assert content.count('data-testid="item-warning"') == 2
    assert "2099年12月31日" in content
    # Said next to the tasks, not again in the list at the top.
    assert not preview.context["warnings"]


TITLE = "2026年测试市总工会宣传教育工作要点"


def _title_warnings(content):
    return [
        " ".join(re.sub(r"<[^>]+>", " ", text).split())
        for text in re.findall(r'data-testid="title-warning"[^>]*>(.*?)</li>', content, re.S)
    ]


def test_preview_warns_beside_the_title_of_a_plan_already_there(planner_client, world):
    """A plan of the same title and year in the federation is said beside the title, in words,
    with a link to it; saving is not refused. Other years and federations are not said."""
    there = factories.PlanFactory(
        owner=world.propaganda, year=2026, title=TITLE, status=Plan.Status.PUBLISHED
    )
    factories.PlanFactory(owner=world.propaganda, year=2025, title=TITLE)
    factories.PlanFactory(owner=factories.UnitFactory(name="外市宣教部"), year=2026, title=TITLE)
    preview_url = _start(planner_client, world, text=PLAN_TEXT)["Location"]
    preview = planner_client.get(preview_url)
    content = preview.content.decode()
    assert _title_warnings(content) == [
        f"⚠ 已有2026年的工作要点“{TITLE}”（宣教部，已发布）。保存后将再多一份同名的工作要点；"
        "如是同一份，无需再次导入。 查看已有的工作要点"
    ]
    assert f'href="{there.get_absolute_url()}"' in content
    # a title changed in the preview is what is checked
    changed = planner_client.post(preview_url, {"title": "另一个标题", "year": ""})
    assert _title_warnings(changed.content.decode()) == []
    form = preview.context["form"]
    data = {"title": TITLE, "year": 2026}
    data.update({row["field"]: form.fields[row["field"]].initial for row in form.unit_rows})
    response = planner_client.post(preview_url, data)
    assert response.status_code == 302
    assert Plan.objects.filter(title=TITLE, year=2026, owner=world.propaganda).count() == 2


@pytest.mark.parametrize(
    ("name", "task"),
    [
        ("pingdingshan-2021-publicity-plan.pdf", "加强宣教干部队伍政治素质建设"),
        ("leshan-2020-measures-list.doc", "组织开展创新媒体宣传系统活动"),
        ("sample-2023-task-list.xlsx", "推进职工思想状况调查"),
    ],
)
def test_pdf_doc_and_xlsx_uploads_preview_and_save(planner_client, world, name, task):
    if name.endswith(".doc") and find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    data = (SAMPLES / name).read_bytes()
    response = _start(planner_client, world, document=SimpleUploadedFile(name, data))
    assert response.status_code == 302
    preview_url = response["Location"]
    preview = planner_client.get(preview_url)
    assert task in preview.content.decode()
    form = preview.context["form"]
    values = {"title": form.fields["title"].initial, "year": form.fields["year"].initial}
    values.update({row["field"]: form.fields[row["field"]].initial for row in form.unit_rows})
    planner_client.post(preview_url, values)
    plan = Plan.objects.get(title=form.fields["title"].initial)
    assert plan.tasks.filter(title=task).exists()
    assert plan.source_file.name.endswith(name[name.rindex(".") :])
    assert plan.source_file.read() == data
