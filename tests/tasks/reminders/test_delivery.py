"""Delivering reminders (tasks.reminders.delivery) in process, against a real SMTP server and the
loopback robot services: sent once, retried with backoff, failing for good, claims and leases,
requeue and resend."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation

from plans.models import Task, User
from tasks.models import Delivery, DeliveryAttempt, Notification, Reminder, UnitChannel
from tasks.reminders import channels, delivery, wording
from tasks.reminders.channels.retry import MAX_ATTEMPTS
from tasks.reminders.sweep import run as run_sweep
from tests.growth import grow
from tests.tasks.reminders.helpers import MON, add_robot, day

Status = Delivery.Status
Outcome = DeliveryAttempt.Outcome


def deliveries(channel=None, **filters):
    rows = Delivery.objects.filter(**filters).order_by("pk")
    return list(rows.filter(channel=channel) if channel else rows)


def deliver_all(channel=None):
    return [delivery.deliver(item.pk) for item in deliveries(channel)]


def notifications(user, kind=None):
    rows = Notification.objects.filter(recipient=user)
    return list(rows.filter(kind=kind) if kind else rows)


def planner_alerts(rw):
    return notifications(rw.planner, "channel_broken")


def label(kind):
    """A channel's name as the planners read it (the portal's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(channels.get(kind).label)


def portal_text(message, **values):
    """``message`` as the worker writes it: in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(message) % values


# --- Sent once ------------------------------------------------------------------------------------


def test_in_app_and_email_reach_each_unit_once(rw, queued, smtp_server, settings):
    settings.SITE_URL = "https://plans.union.example.cn"
    run_sweep(day(4))  # 7 days before: unit A (task A), unit B (tasks A and B)
    assert len(deliveries()) == 6
    assert deliver_all() == ["sent"] * 6
    assert len(notifications(rw.reporter_a, "reminder")) == 1
    assert len(notifications(rw.reporter_b, "reminder")) == 2
    assert notifications(rw.reporter_c) == []
    assert len(smtp_server.messages) == 3
    to_a = [m for m in smtp_server.messages if m["to"] == rw.unit_a.email_list()]
    [message] = [m["message"] for m in to_a]
    assert "甲的任务" in message["Subject"]
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert f"https://plans.union.example.cn/tasks/{rw.task_a.pk}/" in text
    assert "甲区总工会" in text
    # Every delivery again: nothing more.
    assert deliver_all() == ["skipped"] * 6
    assert len(smtp_server.messages) == 3
    assert Notification.objects.count() == 3
    for item in deliveries():
        assert (item.status, item.attempts, item.finished_at is not None) == (Status.SENT, 1, True)
        [attempt] = item.attempt_log.all()
        assert attempt.outcome == Outcome.SENT and attempt.worker


def test_in_app_notification_links_the_task(rw, queued):
    run_sweep(day(4))
    delivery.deliver(deliveries("inapp", reminder__unit=rw.unit_a)[0].pk)
    [note] = notifications(rw.reporter_a)
    assert (note.kind, note.task_id, note.plan_id) == ("reminder", rw.task_a.pk, rw.plan.pk)
    assert note.url == rw.task_a.get_absolute_url()


def test_escalation_reaches_the_leader_in_app_and_by_email(rw, queued, smtp_server):
    task = rw.task_a
    task.deadline = day(1)
    task.save()
    run_sweep(day(4))
    items = deliveries(reminder__kind=Reminder.Kind.ESCALATION)
    assert [d.channel for d in items] == ["inapp", "email"]
    assert [delivery.deliver(d.pk) for d in items] == ["sent", "sent"]
    [note] = notifications(rw.leader, "escalation")
    assert "甲的任务" in note.title
    [mail] = smtp_server.messages
    assert mail["to"] == ["zhang@union.example.cn"]


@pytest.mark.parametrize("kind", ["wecom", "dingtalk", "feishu"])
def test_robots_get_the_reminder_in_their_format(rw, queued, robots, kind):
    robot = add_robot(rw.unit_a, kind=kind, config=robots.config(kind))
    run_sweep(day(4))
    [item] = deliveries(kind)
    assert item.unit_channel == robot and item.channel_key == f"{kind}:{robot.pk}"
    assert delivery.deliver(item.pk) == "sent"
    [payload] = robots.accepted(kind)
    assert "甲的任务" in str(payload)
    assert delivery.deliver(item.pk) == "skipped"
    assert len(robots.accepted()) == 1


def test_messages_say_what_is_due(rw, queued):
    run_sweep(MON)  # the digests and the leader summary
    task = rw.task_a
    task.deadline = day(5)
    task.save()
    run_sweep(day(4))  # 1 day before task A's new deadline (Saturday 7 → Friday 6)
    with translation.override("en"):
        before = wording.message_for(Reminder.objects.get(kind="before", unit=rw.unit_a))
        digest = wording.message_for(Reminder.objects.get(kind="digest", unit=rw.unit_b))
        summary = wording.message_for(Reminder.objects.get(kind="summary"))
    assert before.title == "Reminder: “甲的任务” is due in 1 day"
    assert "To: 甲区总工会 (Lead unit)" in before.lines
    assert before.task_id == task.pk and before.kind == "reminder"
    assert digest.title == "This week: 2 open tasks for 乙县总工会"
    assert any("甲的任务" in line for line in digest.lines)
    assert any("乙的任务" in line for line in digest.lines)
    assert digest.url == "/my/" and digest.task_id is None
    assert summary.title.startswith("Weekly summary: 0 overdue and 1 due within 7 days")
    assert summary.url == "/dashboard/"


# --- Claims and leases ----------------------------------------------------------------------------


def test_a_claim_is_exclusive_and_a_lost_workers_lease_runs_out(rw, queued, settings):
    settings.REMINDER_LEASE_SECONDS = 60
    run_sweep(day(4))
    item = deliveries("inapp", reminder__unit=rw.unit_a)[0]
    first = delivery.claim(item.pk)
    assert first is not None
    assert delivery.claim(item.pk) is None  # another worker, while the lease holds
    assert delivery.deliver(item.pk) == "skipped"
    # The first worker is killed; after its lease a worker takes the delivery up and sends it.
    later = timezone.now() + datetime.timedelta(seconds=61)
    assert delivery.deliver(item.pk, now=later) == "sent"
    assert len(notifications(rw.reporter_a)) == 1
    # Had the first worker only been slow, it could not record anything any more.
    message = wording.message_for(item.reminder)
    assert delivery._send_in_app(first, {"units": [rw.unit_a.pk]}, message) == "lost"
    assert len(notifications(rw.reporter_a)) == 1
    item.refresh_from_db()
    assert (item.status, item.attempts) == (Status.SENT, 2)
    outcomes = list(item.attempt_log.order_by("number").values_list("outcome", flat=True))
    assert outcomes == [Outcome.INTERRUPTED, Outcome.SENT]


def test_a_delivery_not_yet_due_is_not_claimed(rw, queued):
    run_sweep(day(4))
    item = deliveries()[0]
    Delivery.objects.filter(pk=item.pk).update(
        status=Status.RETRY, next_attempt_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert delivery.claim(item.pk) is None


# --- Temporary failures: retried with backoff -----------------------------------------------------


def test_a_rate_limited_robot_is_retried_after_the_wait(
    rw, queued, robots, django_capture_on_commit_callbacks
):
    add_robot(rw.unit_a, config=robots.config("wecom"))
    run_sweep(day(4))
    [item] = deliveries("wecom")
    robots.mode = "rate_limit"  # WeCom's 45009: wait a minute
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.deliver(item.pk) == "retry"
    item.refresh_from_db()
    assert (item.status, item.failures, item.claimed_until) == (Status.RETRY, 1, None)
    wait = (item.next_attempt_at - before).total_seconds()
    assert 60 <= wait <= 60 + 13 + 2
    [(ids, countdown)] = queued
    assert ids == [item.pk] and 60 <= countdown <= 73
    assert delivery.deliver(item.pk) == "skipped"  # not due yet
    robots.mode = "ok"
    Delivery.objects.filter(pk=item.pk).update(next_attempt_at=timezone.now())
    assert delivery.deliver(item.pk) == "sent"
    assert len(robots.accepted("wecom")) == 1
    attempts = list(item.attempt_log.order_by("number").values_list("outcome", "code"))
    assert attempts == [(Outcome.TEMPORARY, "45009"), (Outcome.SENT, "")]


def test_our_own_rate_limit_delays_without_counting_a_failure(rw, queued, robots, settings):
    settings.CHANNELS_RATE_LIMITS = {"wecom": (1, 60)}
    add_robot(rw.unit_a, config=robots.config("wecom"))
    grow(rw, tasks=1, deadline=day(11), leader=rw.responsible_leader)
    run_sweep(day(4))
    outcomes = deliver_all("wecom")
    assert sorted(outcomes) == ["retry", "sent"]
    [waiting] = deliveries("wecom", status=Status.RETRY)
    assert waiting.failures == 0
    assert waiting.attempt_log.get().code == "ratelimited"
    assert len(robots.accepted()) == 1


def test_an_unexpected_error_is_retried_not_lost(rw, queued, monkeypatch):
    run_sweep(day(4))
    item = deliveries()[0]

    def broken(reminder):
        raise RuntimeError("template missing")

    monkeypatch.setattr(wording, "message_for", broken)
    assert delivery.deliver(item.pk) == "retry"
    item.refresh_from_db()
    assert item.status == Status.RETRY and "template missing" in item.last_error
    assert item.attempt_log.get().code == "error"


# --- Permanent failures: the robot is broken, the planner is told ---------------------------------


def test_a_refused_signature_breaks_the_robot_and_tells_the_planner(rw, queued, robots):
    config = {**robots.config("dingtalk"), "secret": "SECwrong"}
    robot = add_robot(rw.unit_a, kind="dingtalk", config=config)
    grow(rw, tasks=1, deadline=day(11), leader=rw.responsible_leader)
    run_sweep(day(4))
    first, second = deliveries("dingtalk")
    assert delivery.deliver(first.pk) == "failed"
    robot.refresh_from_db()
    first.refresh_from_db()
    assert first.status == Status.FAILED
    assert first.attempt_log.get().code == "310000"
    signature = portal_text(
        "The robot refused the signature (error %(code)s): check the signing secret and the "
        "server's clock.",
        code=310000,
    )
    assert robot.broken_at is not None and robot.broken_reason == signature
    assert first.last_error == signature
    [alert] = planner_alerts(rw)
    assert "甲区总工会" in alert.title and label("dingtalk") in alert.title
    assert alert.body == signature
    assert alert.url == f"/reminders/units/{rw.unit_a.pk}/"
    # The next reminder through the broken robot fails without a second alert or a request.
    requests = robots.requests
    assert delivery.deliver(second.pk) == "failed"
    assert robots.requests == requests and len(planner_alerts(rw)) == 1
    # The next sweep leaves the broken robot out.
    run_sweep(day(10))
    assert len(deliveries("dingtalk")) == 2
    # Planners of another federation are not told.
    assert Notification.objects.filter(kind="channel_broken").count() == len(
        User.objects.filter(role=User.Role.PLANNER, unit__in=[rw.propaganda])
    )


def test_retries_run_out_after_max_attempts(rw, queued, robots):
    robot = add_robot(rw.unit_a, config=robots.config("wecom"))
    run_sweep(day(4))
    [item] = deliveries("wecom")
    robots.mode = "http500"
    Delivery.objects.filter(pk=item.pk).update(failures=MAX_ATTEMPTS - 1)
    assert delivery.deliver(item.pk) == "retry"  # the tenth failure: one more try
    Delivery.objects.filter(pk=item.pk).update(next_attempt_at=timezone.now())
    assert delivery.deliver(item.pk) == "failed"
    robot.refresh_from_db()
    exhausted = portal_text("Still failing after %(count)d attempts: %(error)s", count=2, error="")
    assert robot.is_broken and robot.broken_reason.startswith(exhausted)
    assert robot.broken_reason != exhausted  # followed by the last error
    assert len(planner_alerts(rw)) == 1


def test_a_refused_address_tells_the_planners_once(rw, queued, smtp_server):
    address = rw.unit_a.email_list()[0]
    smtp_server.refuse[address] = "550 5.1.1 User unknown"
    grow(rw, tasks=1, deadline=day(11), leader=rw.responsible_leader)
    run_sweep(day(4))
    assert [delivery.deliver(d.pk) for d in deliveries("email", reminder__unit=rw.unit_a)] == [
        "failed",
        "failed",
    ]
    [alert] = planner_alerts(rw)
    assert address in alert.body and label("email") in alert.title
    assert not UnitChannel.objects.exists()


# --- No longer needed -----------------------------------------------------------------------------


def test_a_task_done_before_its_reminder_goes_out_is_not_reminded(rw, queued):
    run_sweep(day(4))
    task = rw.task_a
    task.status = Task.Status.DONE
    task.save()
    outcomes = {d.reminder.task_id: [] for d in deliveries()}
    for item in deliveries():
        outcomes[item.reminder.task_id].append(delivery.deliver(item.pk))
    assert set(outcomes[task.pk]) == {"cancelled"}
    assert set(outcomes[rw.task_b.pk]) == {"sent"}
    assert notifications(rw.reporter_a) == []


def test_a_digest_with_nothing_open_any_more_is_not_sent(rw, queued):
    run_sweep(MON)
    Task.objects.filter(pk=rw.task_a.pk).update(status=Task.Status.DONE)
    digest = deliveries("inapp", reminder__kind="digest", reminder__unit=rw.unit_a)[0]
    assert delivery.deliver(digest.pk) == "cancelled"
    assert notifications(rw.reporter_a) == []
    other = deliveries("inapp", reminder__kind="digest", reminder__unit=rw.unit_b)[0]
    assert delivery.deliver(other.pk) == "sent"


def test_a_moved_deadline_cancels_the_old_reminder(rw, queued):
    run_sweep(day(4))
    task = rw.task_a
    task.deadline = day(30)
    task.save()
    item = deliveries("inapp", reminder__unit=rw.unit_a)[0]
    assert delivery.deliver(item.pk) == "cancelled"
    item.refresh_from_db()
    assert item.last_error == portal_text(
        "The task's deadline has changed since the reminder fell due."
    )


# --- Requeue and resend ---------------------------------------------------------------------------


def test_requeue_queues_what_is_due_and_was_lost(
    rw, queued, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_REQUEUE_AFTER_SECONDS = 600
    run_sweep(day(4))
    queued.clear()
    now = timezone.now()
    assert delivery.requeue_due(now=now) == 0  # just queued by the sweep
    sent, sending, *rest = deliveries()
    Delivery.objects.filter(pk=sent.pk).update(status=Status.SENT)
    Delivery.objects.filter(pk=sending.pk).update(
        status=Status.SENDING, claimed_until=now + datetime.timedelta(minutes=20)
    )
    later = now + datetime.timedelta(minutes=11)
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.requeue_due(now=later) == len(rest)
    assert sorted(queued[0][0]) == sorted(d.pk for d in rest)
    assert delivery.requeue_due(now=later) == 0  # queued again just now
    # The worker sending ``sending`` died: its lease runs out, and it is queued again.
    assert delivery.requeue_due(now=later + datetime.timedelta(minutes=11)) == len(rest) + 1


def test_resend_is_explicit_and_recorded(rw, queued, django_capture_on_commit_callbacks):
    run_sweep(day(4))
    original = deliveries("inapp", reminder__unit=rw.unit_a)[0]
    assert delivery.deliver(original.pk) == "sent"
    planner = rw.planner
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = delivery.resend(original, planner)
    assert (again.resend_of, again.requested_by, again.status) == (original, planner, "pending")
    assert queued == [([again.pk], None)]
    assert delivery.deliver(again.pk) == "sent"
    assert len(notifications(rw.reporter_a)) == 2
    # The sweep's record is untouched: running it again adds nothing.
    run_sweep(day(4))
    assert Delivery.objects.filter(resend_of__isnull=True).count() == 6
    assert Delivery.objects.count() == 7


def test_chinese_messages_use_full_width_punctuation(rw, queued):
    """ "11月底前（已逾期3天）", "在平台中查看任务：https://…", not ASCII brackets and colons."""
    from tests.test_i18n import ascii_punctuation_in_chinese

    run_sweep(MON)
    with translation.override("zh-hans"):
        digest = wording.message_for(Reminder.objects.get(kind="digest", unit=rw.unit_b))
        text = digest.text()
    assert any("（" in line for line in digest.lines), digest.lines
    assert ascii_punctuation_in_chinese(text) == [], text
    assert "：http" in text
