import pytest
from django.urls import reverse

from tasks.models import Notification
from tasks.notifications import inbox as notifications
from tests import factories


def test_notify_units_reaches_each_active_user(world):
    unit_a = world.unit_a
    factories.UserFactory(unit=unit_a, is_active=False)
    colleague = factories.UserFactory(unit=unit_a)
    sent = notifications.notify_units(
        [unit_a], kind="published", title="计划已发布", plan=world.plan
    )
    assert sent == 2
    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert recipients == {world.reporter_a.pk, colleague.pk}


def test_unread_count_in_navigation_and_reading(client, world):
    user = world.reporter_a
    task_url = reverse("tasks:detail", args=[world.task_a.pk])
    notifications.notify_users([user], kind="test", title="请查看任务", url=task_url)
    notifications.notify_users([user], kind="test", title="第二条")
    client.force_login(user)
    page = client.get(reverse("tasks:notifications")).content.decode()
    assert 'data-testid="unread-count">2<' in page
    first = Notification.objects.get(title="请查看任务")
    response = client.get(reverse("tasks:notification_open", args=[first.pk]))
    assert response["Location"] == task_url
    assert Notification.objects.filter(recipient=user).unread().count() == 1
    client.post(reverse("tasks:notifications_read_all"))
    assert Notification.objects.filter(recipient=user).unread().count() == 0


def test_someone_elses_notification_is_not_found(client, world):
    notifications.notify_users([world.reporter_a], kind="test", title="私信")
    client.force_login(world.reporter_b)
    other = Notification.objects.get()
    response = client.get(reverse("tasks:notification_open", args=[other.pk]))
    assert response.status_code == 404
    assert Notification.objects.get().read_at is None


def test_external_links_are_not_followed(client, world):
    user = world.reporter_a
    notifications.notify_users([user], kind="test", title="x", url="https://evil.example/")
    client.force_login(user)
    response = client.get(reverse("tasks:notification_open", args=[Notification.objects.get().pk]))
    assert response["Location"] == reverse("tasks:notifications")


@pytest.mark.parametrize("count", [3, 60])
def test_notification_list_queries_are_constant(client, world, django_assert_num_queries, count):
    user = world.reporter_a
    for n in range(count):
        notifications.notify_users([user], kind="test", title=f"通知{n}")
    client.force_login(user)
    # session, user, unit, unread count, page count, page rows
    with django_assert_num_queries(6):
        client.get(reverse("tasks:notifications"))
