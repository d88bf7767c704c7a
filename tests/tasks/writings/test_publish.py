"""Publishing a bulletin: once, to every unit of the federation — a reminder of kind "bulletin"
per unit, unique whatever happens, delivered in the portal and by the units' channels through
the reminders' exactly-once delivery; units read it, and only once it is published."""

import pytest
from django.urls import reverse

from plans.models import User
from tasks.models import Delivery, Notification, Reminder, Writing
from tasks.reminders import bulletins, delivery, wording
from tasks.writings import service
from tests.concurrency import at_once, postgresql  # noqa: F401 — a fixture

Kind = Reminder.Kind


@pytest.fixture
def draft(dw):
    return service.create(dw.planner, Writing.Kind.BULLETIN, dw.plan, rnd=dw.round)


def _units(dw):
    return {dw.federation, dw.propaganda, dw.unit_a, dw.unit_b, dw.unit_c}


def test_published_once_to_every_unit_of_the_federation(dw, draft, queued):
    assert service.publish(dw.planner, draft)
    assert not service.publish(dw.admin, draft)
    reminders = Reminder.objects.filter(kind=Kind.BULLETIN, writing=draft)
    assert {reminder.unit for reminder in reminders} == _units(dw)
    assert reminders.count() == 5
    draft.refresh_from_db()
    assert draft.published_by == dw.planner
    # Announcing again (a retry, a second click) records nothing new.
    assert bulletins.announce(draft, [unit.pk for unit in _units(dw)]).due == []
    assert Reminder.objects.filter(kind=Kind.BULLETIN).count() == 5


def test_the_deliveries_reach_each_units_people_once(dw, draft, queued):
    service.publish(dw.planner, draft)
    deliveries = Delivery.objects.filter(reminder__writing=draft)
    # In the portal where a unit has people, by email where it has an address.
    assert {(d.reminder.unit.name, d.channel) for d in deliveries} >= {
        ("甲区总工会", "inapp"),
        ("甲区总工会", "email"),
        ("丙区总工会", "inapp"),
    }
    for item in deliveries.filter(channel="inapp"):
        assert delivery.deliver(item.pk) == "sent"
        assert delivery.deliver(item.pk) == "skipped"
    notified = Notification.objects.filter(kind="bulletin")
    people = User.objects.filter(unit__in=_units(dw), is_active=True)
    assert sorted(n.recipient_id for n in notified) == sorted(p.pk for p in people)
    note = notified.get(recipient=dw.reporter_c)
    assert note.title == f"情况通报：{draft.title}"
    assert note.url == draft.get_absolute_url()


def test_the_message_names_the_bulletin(dw, draft, queued):
    service.publish(dw.planner, draft)
    message = wording.message_for(Reminder.objects.get(writing=draft, unit=dw.unit_a))
    assert message.title == "情况通报：关于2026年第三季度进展报送情况的通报"
    assert "致：甲区总工会" in message.lines
    assert message.url == draft.get_absolute_url()


def test_a_published_bulletin_is_not_changed(client, dw, draft, queued):
    service.publish(dw.planner, draft)
    with pytest.raises(service.WritingError):
        service.save(
            dw.planner,
            draft,
            loaded_version=draft.version,
            title="改",
            body="改",
            issuer="",
            issued_on=None,
        )
    client.force_login(dw.planner)
    content = client.get(draft.get_absolute_url()).content.decode()
    assert 'name="body"' not in content and 'data-testid="published"' in content
    data = {"title": "改", "body": "改", "issuer": "", "issued_on": "", "version": draft.version}
    response = client.post(draft.get_absolute_url(), data, follow=True)
    assert "该通报已发布，不能再修改。" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title != "改"


def test_units_read_it_only_once_published(client, dw, draft, queued):
    client.force_login(dw.reporter_c)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft.title not in client.get(reverse("tasks:bulletin_list")).content.decode()
    service.publish(dw.planner, draft)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert draft.title in client.get(reverse("tasks:bulletin_list")).content.decode()


def test_publishing_from_the_page_asks_for_a_confirmation(
    client, dw, draft, queued, django_capture_on_commit_callbacks
):
    client.force_login(dw.planner)
    url = reverse("tasks:writing_publish", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "5" in page  # the units it goes to
    assert client.post(url, {"version": draft.version}).status_code == 200
    assert not Reminder.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"version": draft.version, "confirm": "on"})
    assert response["Location"] == draft.get_absolute_url()
    assert Reminder.objects.filter(kind=Kind.BULLETIN).count() == 5
    assert len(queued) == 1 and len(queued[0]) == Delivery.objects.count()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("postgresql")
def test_two_planners_publishing_at_once_publish_once(world, queued):
    writing = Writing.objects.create(
        kind=Writing.Kind.BULLETIN, plan=world.plan, title="通报", body="正文"
    )
    results, errors = at_once(2, lambda i: service.publish(world.planner, writing))
    assert errors == [None, None]
    assert sorted(results) == [False, True]
    assert Reminder.objects.filter(kind=Kind.BULLETIN).count() == 5
