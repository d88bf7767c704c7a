"""An old Excel (.xls) or WPS (.et) task list through the import page and the import_plan
command: the same preview, the same saved plan, the same JSON as the .xlsx it was made from."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.forms.importing import ACCEPTED_EXTENSIONS
from plans.models import Plan
from tests.plans.importing.contract import check_plan
from tests.plans.importing.helpers import SAMPLES
from tests.plans.importing.web.test_command import _run


def test_the_file_chooser_offers_old_workbooks(client, world):
    client.force_login(world.planner)
    page = client.get(reverse("plans:import")).content.decode()
    assert f'accept="{ACCEPTED_EXTENSIONS}"' in page
    assert {".xls", ".et", ".xlsx", ".doc", ".wps", ".pdf"} <= set(ACCEPTED_EXTENSIONS.split(","))


@pytest.mark.parametrize("name", ["任务清单.xls", "任务清单.et"])
def test_an_old_workbook_previews_and_saves(client, world, sample_xls, name):
    client.force_login(world.planner)
    response = client.post(
        reverse("plans:import"),
        {"owner": world.propaganda.pk, "document": SimpleUploadedFile(name, sample_xls)},
    )
    assert response.status_code == 302
    preview_url = response["Location"]
    preview = client.get(preview_url)
    assert "推进职工思想状况调查" in preview.content.decode()
    form = preview.context["form"]
    values = {"title": form.fields["title"].initial, "year": form.fields["year"].initial}
    values.update({row["field"]: form.fields[row["field"]].initial for row in form.unit_rows})
    client.post(preview_url, values)
    plan = Plan.objects.get(title="示例市总工会2023年宣传工作重点任务清单")
    assert plan.tasks.count() == 3
    assert plan.source_file.name.endswith(name[name.rindex(".") :])
    assert plan.source_file.read() == sample_xls  # the file as uploaded, not the conversion


@pytest.mark.parametrize("name", ["清单.xls", "清单.et"])
def test_import_plan_gives_the_json_of_the_xlsx(tmp_path, sample_xls, name):
    path = tmp_path / name
    path.write_bytes(sample_xls)
    env = {"VAR_DIR": str(tmp_path)}
    result = _run(str(path), "--dry-run", "--json", env_extra=env)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    check_plan(plan)
    xlsx = SAMPLES / "sample-2023-task-list.xlsx"
    assert plan == json.loads(_run(str(xlsx), "--dry-run", "--json", env_extra=env).stdout)
