"""Bad input in the address or a form is ignored or answered with a message, never a 500.

Each case below was a 500 once: ``"²".isdigit()`` is true but ``int("²")`` fails, and
``parse_date("2026-02-30")`` raises instead of returning None.
"""

import pytest
from django.urls import reverse

from plans.models import Plan
from tests.plans.importing.helpers import add_table, docx_bytes
from tests.tasks.workspace import files
from tests.tasks.workspace.factories import CompletionRequestFactory

SUPERSCRIPT_TWO = "²"


@pytest.fixture
def draft(world):
    """The world's plan as a draft, so that the planner may edit it."""
    Plan.objects.filter(pk=world.plan.pk).update(status=Plan.Status.DRAFT)
    return world


def _get(client, user, url, **query):
    client.raise_request_exception = False
    client.force_login(user)
    return client.get(url, query)


def test_work_list_ignores_a_plan_that_is_not_a_number(client, world):
    response = _get(client, world.reporter_a, reverse("tasks:my_tasks"), plan="²")
    assert response.status_code == 200
    assert response.context["filters"].plan is None


def test_new_plan_ignores_a_copy_that_is_not_a_number(client, world):
    url = reverse("plans:new")
    response = _get(client, world.planner, url, copy=SUPERSCRIPT_TWO)
    assert response.status_code == 200
    assert response.context["mode"] == "blank"


def test_new_section_ignores_a_parent_that_is_not_a_number(client, draft):
    url = reverse("plans:section_new", args=[draft.plan.pk])
    response = _get(client, draft.planner, url, parent=SUPERSCRIPT_TWO)
    assert response.status_code == 200


def test_deadline_of_a_date_that_does_not_exist_is_empty(client, draft):
    url = reverse("plans:deadline", args=[draft.plan.pk])
    response = _get(client, draft.planner, url, date="2026-02-30")
    assert response.status_code == 200
    assert response.json() == {"text": ""}
    response = _get(client, draft.planner, url, date="2026-02-28")
    assert response.json() == {"text": "2月28日前"}


@pytest.mark.parametrize(
    "query",
    [
        {"year": "²", "plan": "²", "section": "٣", "unit": "-1", "from": "2026-02-30"},
        {"year": "99999999999", "plan": str(2**70), "to": "²", "sort": "²", "status": "²"},
    ],
)
def test_dashboard_ignores_filters_that_make_no_sense(client, world, query):
    response = _get(client, world.leader, reverse("tasks:dashboard"), **query)
    assert response.status_code == 200
    filters = response.context["filters"]
    assert (filters.plan, filters.section, filters.unit, filters.deadline_from) == (None,) * 4


@pytest.mark.parametrize("page", ["²", "0", "-1", str(2**70), "1.5", ""])
def test_pages_of_a_list_ignore_a_bad_page(client, world, page):
    url = reverse("plans:history", args=[world.plan.pk])
    response = _get(client, world.planner, url, page=page)
    assert response.status_code == 200


@pytest.mark.parametrize("next_url", ["evil.example/x", "//evil.example/", "javascript:x", "²"])
def test_a_next_that_leaves_the_site_is_ignored(client, world, next_url):
    client.force_login(world.planner)
    task = world.task_a
    completion = CompletionRequestFactory(task=task, unit=world.unit_a)
    url = reverse("tasks:review_completion", args=[completion.pk])
    response = client.post(url, {"decision": "return", "comment": "", "next": next_url})
    assert response.status_code == 302
    assert response.url == task.get_absolute_url()


def test_reminder_days_that_are_not_numbers_are_a_form_error(client, world):
    client.force_login(world.planner)
    url = reverse("tasks:reminder_policy", args=[world.plan.pk])
    response = client.post(url, {"days_before": "7，²"})
    assert response.status_code == 200
    assert "days_before" in response.context["form"].errors
    assert "7，²" in response.content.decode()  # what was typed stays in the form


def test_an_imported_table_numbered_with_a_superscript_is_read(client, world, media):
    """A 序号 cell "²" ("²".isdigit() is true) once broke the import of a Word table."""
    rows = [
        ["序号", "工作任务", "牵头单位", "完成时限"],
        ["²", "开展宣传", "宣教部", "12月底前"],
        ["２", "开展活动", "宣教部", "6月底前"],  # full-width, as a Chinese keyboard types it
    ]

    def build(document):
        document.add_paragraph("2026年宣传工作要点")
        document.add_paragraph("一、总体要求")
        add_table(document, rows)

    document = files.upload("要点.docx", docx_bytes(build))
    client.force_login(world.planner)
    owner = world.propaganda.pk
    response = client.post(reverse("plans:import"), {"document": document, "owner": owner})
    assert response.status_code == 302
    assert "开展活动" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("url_name", "field"),
    [("admin:plans_unit_add", "parent"), ("admin:plans_plan_add", "owner")],
)
def test_admin_autocomplete_with_a_value_that_is_not_an_id(client, world, url_name, field):
    """Django's AutocompleteSelect queried the value as an id while drawing the form."""
    client.raise_request_exception = False
    client.force_login(world.admin)
    assert client.get(reverse(url_name), {field: "²"}).status_code == 200
    assert client.post(reverse(url_name), {field: "abc"}).status_code == 200  # with its errors


@pytest.mark.parametrize("url_name", ["admin:plans_plan_change", "admin:plans_plan_delete"])
def test_admin_with_an_empty_to_field(client, world, url_name):
    """Django's change and delete views looked up a field named "" (``?_to_field=``)."""
    client.raise_request_exception = False
    client.force_login(world.admin)
    url = reverse(url_name, args=[world.plan.pk])
    assert client.get(url, {"_to_field": ""}).status_code == 200
    assert client.post(url, {"_to_field": ""}).status_code in {200, 302}
