"""The organisation pages as a planner uses them: search, edit, accounts, the list."""

from django.urls import reverse

from plans.models import Unit, User
from plans.organisation.vocabulary import PEOPLE_COLUMNS, UNIT_COLUMNS
from tests import factories
from tests.growth import grow
from tests.plans.organisation.workbooks import filled


def test_units_tree_search_and_filter(client, world):
    client.force_login(world.planner)
    url = reverse("organisation:units", args=[world.federation.pk])
    page = client.get(url, {"q": "甲区"}).content.decode()
    assert "甲区总工会" in page and "乙县总工会" not in page
    page = client.get(url, {"kind": "nonsense", "q": "x" * 500}).content.decode()
    assert "甲区总工会" in page  # a bad filter shows everything, never fails


def test_pages_run_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.planner)
    urls = [
        reverse("organisation:units", args=[world.federation.pk]),
        reverse("organisation:people", args=[world.federation.pk]),
        reverse("organisation:leaders", args=[world.federation.pk]),
    ]
    counts = {}
    for url in urls:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small:
            client.get(url)
        counts[url] = len(small)
    grow(world, units=20)
    for unit in Unit.objects.filter(federation=world.federation)[:10]:
        factories.UserFactory(unit=unit)
        factories.LeaderFactory(federation=world.federation)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)


def test_unit_form_keeps_typing_on_error(client, world):
    client.force_login(world.planner)
    url = reverse("organisation:unit_edit", args=[world.unit_a.pk])
    data = {
        "name": "甲区总工会（新）",
        "short_name": "甲区",
        "kind": "district",
        "parent": world.federation.pk,
        "emails": "a@example.org\nnot-an-address",
        "order": 3,
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert "not-an-address" in page and "甲区总工会（新）" in page
    data["emails"] = "a@example.org；b@example.org"
    client.post(url, data)
    world.unit_a.refresh_from_db()
    assert world.unit_a.email_list() == ["a@example.org", "b@example.org"]
    assert world.unit_a.order == 3


def test_a_unit_cannot_go_under_itself(client, world):
    child = factories.UnitFactory(name="甲区下属", parent=world.unit_a)
    client.force_login(world.planner)
    data = {"name": "甲区总工会", "kind": "district", "parent": child.pk, "order": 0}
    client.post(reverse("organisation:unit_edit", args=[world.unit_a.pk]), data)
    world.unit_a.refresh_from_db()
    assert world.unit_a.parent == world.federation


def test_create_reset_deactivate_an_account(client, world):
    client.force_login(world.planner)
    url = reverse("organisation:account_new", args=[world.federation.pk])
    data = {"first_name": "王", "username": "wang", "unit": world.unit_a.pk, "role": "reporter"}
    page = client.post(url, data).content.decode()
    user = User.objects.get(username="wang")
    assert user.must_change_password
    assert 'data-testid="initial-password"' in page

    client.post(reverse("organisation:account_active", args=[user.pk]))
    user.refresh_from_db()
    assert not user.is_active and User.objects.filter(pk=user.pk).exists()

    old = user.password
    client.post(reverse("organisation:account_password", args=[user.pk]))
    user.refresh_from_db()
    assert user.password != old and user.must_change_password


def test_upload_preview_apply(client, world):
    client.force_login(world.planner)
    upload = reverse("organisation:list_upload", args=[world.federation.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("名单.xlsx", filled())
    response = client.post(upload, {"workbook": file})
    assert response.status_code == 302
    preview = client.get(response.url).content.decode()
    assert "组织部" in preview and not Unit.objects.filter(name="组织部").exists()
    applied = client.post(response.url).content.decode()
    assert 'data-testid="initial-passwords"' in applied
    assert Unit.objects.filter(name="组织部", federation=world.federation).exists()
    assert client.get(response.url).status_code == 404  # the list is gone once applied


def test_upload_of_a_bad_file_says_why(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.planner)
    upload = reverse("organisation:list_upload", args=[world.federation.pk])
    response = client.post(upload, {"workbook": SimpleUploadedFile("a.xls", b"old excel")})
    assert response.status_code == 200
    assert ".xlsx" in response.content.decode()


def test_forced_password_change(client, world):
    world.reporter_a.must_change_password = True
    world.reporter_a.save()
    client.force_login(world.reporter_a)
    response = client.get(reverse("tasks:my_tasks"))
    assert response.url == reverse("organisation:password_change")
    weak = {"old_password": "pw", "new_password1": "123", "new_password2": "123"}
    assert client.post(reverse("organisation:password_change"), weak).status_code == 200
    strong = {"old_password": "pw", "new_password1": "Ql9!vX2pzR", "new_password2": "Ql9!vX2pzR"}
    client.post(reverse("organisation:password_change"), strong)
    world.reporter_a.refresh_from_db()
    assert not world.reporter_a.must_change_password
    assert client.get(reverse("tasks:my_tasks")).status_code == 200


def test_own_contact_details(client, world):
    client.force_login(world.reporter_a)
    url = reverse("organisation:profile")
    response = client.post(url, {"first_name": "甲", "phone": "phone?", "email": ""})
    assert "phone?" in response.content.decode()
    client.post(url, {"first_name": "甲", "phone": "0833-2123456", "email": "a@example.org"})
    world.reporter_a.refresh_from_db()
    assert world.reporter_a.phone == "0833-2123456"


def test_deactivating_and_new_passwords_ask_first(client, world):
    """Both lock a person out at once: the button asks before it is sent."""
    import re

    client.force_login(world.planner)
    page = client.get(reverse("organisation:people", args=[world.federation.pk])).content.decode()
    for name in ("organisation:account_active", "organisation:account_password"):
        url = reverse(name, args=[world.reporter_a.pk])
        [form] = re.findall(rf'<form[^>]*action="{url}"[^>]*>', page)
        assert 'data-confirm="' in form and world.reporter_a.username in form


def test_the_upload_page_names_every_header_the_template_writes(client, world):
    client.force_login(world.planner)
    page = client.get(reverse("organisation:list_upload", args=[world.federation.pk]))
    content = page.content.decode()
    for _key, header, _others in (*UNIT_COLUMNS, *PEOPLE_COLUMNS):
        assert header in content, header
