"""Who manages the organisation: a federation's planners and administrators, their own
federation only; another federation's unit or account is not found."""

import pytest
from django.urls import reverse

from plans.models import User
from tests import factories

MANAGERS = ("planner", "admin")
OTHERS = ("leader", "reporter_a")


def _pages(world):
    fed = world.federation.pk
    return [
        reverse("organisation:start"),
        reverse("organisation:units", args=[fed]),
        reverse("organisation:unit", args=[world.unit_a.pk]),
        reverse("organisation:unit_edit", args=[world.unit_a.pk]),
        reverse("organisation:unit_new", args=[fed]),
        reverse("organisation:people", args=[fed]),
        reverse("organisation:account_new", args=[fed]),
        reverse("organisation:account_edit", args=[world.reporter_a.pk]),
        reverse("organisation:leaders", args=[fed]),
        reverse("organisation:leader_new", args=[fed]),
        reverse("organisation:list_upload", args=[fed]),
        reverse("organisation:list_template", args=[fed]),
        reverse("organisation:list_export", args=[fed]),
        reverse("organisation:changes", args=[fed]),
        reverse("organisation:changes", args=[fed]) + f"?unit={world.unit_a.pk}",
        reverse("organisation:changes", args=[fed]) + f"?person={world.reporter_a.pk}",
    ]


@pytest.mark.parametrize("persona", MANAGERS)
def test_managers_open_every_page(client, world, persona):
    client.force_login(world.user(persona))
    for url in _pages(world):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url


@pytest.mark.parametrize("persona", OTHERS)
def test_leaders_and_reporters_cannot_manage(client, world, persona):
    client.force_login(world.user(persona))
    for url in _pages(world):
        assert client.get(url).status_code == 403, url
    for name in ("account_password", "account_reset_link"):
        post = reverse(f"organisation:{name}", args=[world.reporter_b.pk])
        assert client.post(post).status_code == 403


def test_another_federations_unit_and_account_are_not_found(client, world):
    other_unit = factories.UnitFactory(name="外市某区总工会")
    other_user = factories.UserFactory(unit=other_unit)
    client.force_login(world.planner)
    for url in (
        reverse("organisation:unit", args=[other_unit.pk]),
        reverse("organisation:unit_edit", args=[other_unit.pk]),
        reverse("organisation:units", args=[other_unit.federation_id]),
        reverse("organisation:changes", args=[other_unit.federation_id]),
        reverse("organisation:account_edit", args=[other_user.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for name in ("account_password", "account_active", "account_reset_link"):
        url = reverse(f"organisation:{name}", args=[other_user.pk])
        assert client.post(url).status_code == 404
    other_user.refresh_from_db()
    assert other_user.is_active


def test_a_planner_does_not_touch_an_administrators_account(client, world):
    admin = factories.UserFactory(role=User.Role.ADMIN, unit=world.propaganda)
    client.force_login(world.planner)
    assert client.get(reverse("organisation:account_edit", args=[admin.pk])).status_code == 404
    for name in ("account_password", "account_reset_link"):
        response = client.post(reverse(f"organisation:{name}", args=[admin.pk]))
        assert response.status_code == 404


def test_a_planner_cannot_make_an_administrator(client, world):
    client.force_login(world.planner)
    url = reverse("organisation:account_new", args=[world.federation.pk])
    data = {"first_name": "王", "username": "wang", "unit": world.unit_a.pk, "role": "admin"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert not User.objects.filter(username="wang").exists()
    assert 'value="wang"' in response.content.decode()  # the typing is kept


def test_menu_offers_the_organisation_to_managers_only(client, world):
    client.force_login(world.planner)
    assert reverse("organisation:start") in client.get(reverse("plans:list")).content.decode()
    client.force_login(world.reporter_a)
    page = client.get(reverse("tasks:my_tasks")).content.decode()
    assert reverse("organisation:start") not in page
