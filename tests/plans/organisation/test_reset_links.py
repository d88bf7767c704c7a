"""A forgotten password: a link mailed through a real SMTP server on loopback, used once."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from plans.models import AuditEntry, ResetLink
from plans.organisation import recorded, reset_links
from unionplans.celery import app

NEW_PASSWORD = "Shuwu-2026-zhigong"


@pytest.fixture(autouse=True)
def worker_at_once(monkeypatch):
    """The worker's task runs in the test, as soon as the transaction commits."""
    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def person(world):
    """Reporter A, with an email address, who forgot the password."""
    user = world.reporter_a
    user.first_name = "王芳"
    user.email = "wangfang@union.example.cn"
    user.must_change_password = True
    user.save()
    return user


def ask(client, identifier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("password_forgot"), {"identifier": identifier})


def link_in(message):
    body = message["message"].get_content()
    return re.search(r"https?://\S+", body).group(0)


def test_the_whole_way_from_the_login_page_to_a_new_password(
    client,
    person,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    assert reverse("password_forgot") in client.get(reverse("login")).content.decode()
    response = ask(client, person.username, django_capture_on_commit_callbacks)
    assert "Check your mailbox" in response.content.decode() or "查收" in response.content.decode()

    [mail] = smtp_server.messages
    assert mail["to"] == ["wangfang@union.example.cn"]
    body = mail["message"].get_content()
    assert "王芳" in body and person.username in body
    url = link_in(mail)
    assert url.startswith("http://127.0.0.1:8000/accounts/password/reset/")

    path = url.removeprefix("http://127.0.0.1:8000")
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert done.redirect_chain[-1][0] == reverse("login")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD) and not person.must_change_password
    logged_in = client.post(
        reverse("login"), {"username": person.username, "password": NEW_PASSWORD}
    )
    assert logged_in["Location"] == reverse("home")
    client.logout()

    # Used once: the same link now says it no longer works.
    again = client.get(path, follow=True)
    assert not again.context["validlink"]
    assert 'data-testid="reset-link-spent"' in again.content.decode()

    entry = AuditEntry.objects.get(action=recorded.PASSWORD_SET_BY_LINK)
    assert entry.person == person and entry.user == person


def test_the_mail_says_until_when_in_shanghai_time(
    person,
    smtp_server,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        reset_links.ask(person.username)
    [mail] = smtp_server.messages
    body = mail["message"].get_content()
    expires = timezone.localtime(before + datetime.timedelta(hours=1))
    candidates = {
        formats.date_format(expires + datetime.timedelta(minutes=m), "DATETIME_FORMAT")
        for m in (0, 1)
    }
    assert any(text in body for text in candidates), body
    assert str(timezone.localtime(before).utcoffset()) == "8:00:00"


@pytest.mark.parametrize(
    "identifier", ["nobody", "", "   ", "x" * 300, "wangfang@union.example.cn.evil"]
)
def test_the_answer_tells_nothing_and_bad_input_is_said(
    client,
    person,
    smtp_server,
    django_capture_on_commit_callbacks,
    identifier,
):
    response = ask(client, identifier, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert smtp_server.messages == [] and not ResetLink.objects.exists()
    page = response.content.decode()
    if identifier.strip() and len(identifier) <= 254:
        assert 'data-testid="forgot-sent"' in page  # the same answer as for a real account
    else:
        assert "is-invalid" in page and 'data-testid="forgot-form"' in page
        if len(identifier) > 254:
            assert identifier in page  # the typing is kept


def test_by_email_address_in_any_case(
    client,
    person,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    ask(client, "WangFang@Union.Example.CN", django_capture_on_commit_callbacks)
    assert [m["to"] for m in smtp_server.messages] == [["wangfang@union.example.cn"]]


@pytest.mark.parametrize("reason", ["inactive", "no email", "directory"])
def test_no_link_for_accounts_that_cannot_use_one(
    client,
    person,
    smtp_server,
    django_capture_on_commit_callbacks,
    settings,
    reason,
):
    if reason == "inactive":
        person.is_active = False
    elif reason == "no email":
        person.email = ""
    else:
        settings.LDAP_ENABLED = True
        person.directory_account = True
    person.save()
    response = ask(client, person.username, django_capture_on_commit_callbacks)
    assert 'data-testid="forgot-sent"' in response.content.decode()
    assert smtp_server.messages == []


def test_one_mail_per_interval_however_often_asked(
    client,
    person,
    smtp_server,
    django_capture_on_commit_callbacks,
    settings,
):
    for _ in range(3):
        ask(client, person.username, django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 1
    ResetLink.objects.update(requested_at=timezone.now() - datetime.timedelta(minutes=11))
    ask(client, person.username, django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 2


def test_a_message_delivered_twice_sends_one_mail(person, smtp_server):
    link = ResetLink.objects.create(user=person)
    assert reset_links.send(link.pk) is True
    assert reset_links.send(link.pk) is False
    assert len(smtp_server.messages) == 1


def test_a_refused_mail_is_kept_in_our_words(person, smtp_server):
    smtp_server.refuse["wangfang@union.example.cn"] = "550 5.1.1 mailbox unavailable at mx7"
    link = ResetLink.objects.create(user=person)
    assert reset_links.send(link.pk) is False
    link.refresh_from_db()
    assert link.sent_at is not None and "550" in link.error
    assert "mx7" not in link.error and "mailbox unavailable" not in link.error


def test_a_logged_in_person_is_sent_to_change_their_password(client, person):
    client.force_login(person)
    response = client.get(reverse("password_forgot"))
    assert response["Location"] == reverse("organisation:password_change")


def test_a_link_stops_working_when_the_password_changes_otherwise(client, person):
    path = reset_links.confirm_path(person)
    person.set_password("Another-one-2026")
    person.save()
    page = client.get(path, follow=True)
    assert not page.context["validlink"]


def test_the_record_reads_in_plain_words(client, world, person):
    reset_links.used(person)
    client.force_login(world.planner)
    page = client.get(reverse("organisation:changes", args=[world.federation.pk]))
    [row] = page.context["rows"]
    assert str(row.label) == "本人通过邮件中的链接设置了密码" and row.who == "王芳"
    assert str(row.label) in page.content.decode()


def test_a_planner_mails_a_link_instead_of_reading_out_a_password(
    client, world, person, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(world.planner)
    people = reverse("organisation:people", args=[world.federation.pk])
    url = reverse("organisation:account_reset_link", args=[person.pk])
    assert url in client.get(people).content.decode()
    old_password = person.password
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "wangfang@union.example.cn" in response.content.decode()
    [mail] = smtp_server.messages
    assert mail["to"] == ["wangfang@union.example.cn"]
    person.refresh_from_db()
    assert person.password == old_password  # it works until the link is used
    entry = AuditEntry.objects.get(action=recorded.RESET_LINK_SENT)
    assert entry.user == world.planner and entry.person == person

    # Again at once: said, not sent.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, follow=True)
    assert len(smtp_server.messages) == 1
    assert "分钟内" in again.content.decode()


def test_no_link_button_or_mail_without_an_email_address(
    client, world, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(world.planner)
    url = reverse("organisation:account_reset_link", args=[world.reporter_b.pk])
    people = reverse("organisation:people", args=[world.federation.pk])
    assert url not in client.get(people).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert smtp_server.messages == [] and not ResetLink.objects.exists()
    assert "邮箱" in response.content.decode()


def test_a_persons_expired_links_go_when_a_new_one_is_made(
    person, smtp_server, django_capture_on_commit_callbacks, settings
):
    old = ResetLink.objects.create(user=person)
    ResetLink.objects.filter(pk=old.pk).update(
        requested_at=timezone.now()
        - datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    )
    with django_capture_on_commit_callbacks(execute=True):
        [new] = reset_links.ask(person.username)
    assert list(ResetLink.objects.values_list("pk", flat=True)) == [new.pk]
