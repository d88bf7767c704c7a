"""A directory account's password lives in the directory: the portal neither asks for it to be
changed nor resets it, and says so; with directory login off, the account is the portal's own
again."""

import pytest
from django.urls import reverse

from plans.models import User
from tests import factories


@pytest.fixture
def person(world, settings):
    settings.LDAP_ENABLED = True
    user = factories.UserFactory(username="lisi", unit=world.unit_a, directory_account=True)
    user.set_unusable_password()
    user.save()
    return user


def test_the_password_page_says_where_to_change_it(person, client):
    client.force_login(person)
    page = client.get(reverse("organisation:password_change")).content.decode()
    assert 'data-testid="password-in-directory"' in page
    assert 'data-testid="password-form"' not in page
    data = {"old_password": "x", "new_password1": "Nouveau-2026!", "new_password2": "Nouveau-2026!"}
    response = client.post(reverse("organisation:password_change"), data)
    assert response.status_code == 200
    person.refresh_from_db()
    assert not person.has_usable_password()


def test_the_own_page_says_so_and_nothing_forces_a_change(person, client):
    person.must_change_password = True  # e.g. set before the account came from the directory
    person.save()
    client.force_login(person)
    page = client.get(reverse("organisation:profile"))
    assert page.status_code == 200
    assert 'data-testid="password-in-directory"' in page.content.decode()
    assert client.get(reverse("tasks:my_tasks")).status_code == 200


def test_planners_see_a_directory_account_and_cannot_reset_it(person, client, world):
    client.force_login(world.planner)
    people = client.get(reverse("organisation:people", args=[world.federation.pk]))
    page = people.content.decode()
    assert 'data-testid="directory-account"' in page
    assert reverse("organisation:account_password", args=[person.pk]) not in page
    assert reverse("organisation:account_password", args=[world.reporter_a.pk]) in page
    response = client.post(reverse("organisation:account_password", args=[person.pk]), follow=True)
    assert "目录" in response.content.decode()
    person.refresh_from_db()
    assert not person.has_usable_password() and not person.must_change_password
    edit = client.get(reverse("organisation:account_edit", args=[person.pk]))
    assert 'data-testid="directory-account"' in edit.content.decode()


def test_without_directory_login_the_portal_resets_it(person, client, world, settings):
    settings.LDAP_ENABLED = False
    assert not User.objects.get(pk=person.pk).password_in_directory
    client.force_login(world.planner)
    response = client.post(reverse("organisation:account_password", args=[person.pk]))
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.has_usable_password() and person.must_change_password
    assert not person.directory_account
