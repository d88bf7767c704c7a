import pytest
from django.core.exceptions import ValidationError

from tasks.reminders import channels
from tasks.reminders.channels import Message, PermanentFailure, TemporaryFailure
from tasks.reminders.channels.email import config_for_unit
from tests.tasks.reminders.channels.conftest import free_port

REMINDER = Message(
    title="【催办】请于11月底前完成职工书屋建设任务",
    lines=("甲区总工会：", "该任务完成时限为11月底前，请抓紧推进并及时报送进展。"),
    url="/tasks/12/",
)


def test_reminder_reaches_a_real_smtp_server(smtp_server, settings):
    settings.SITE_URL = "https://plans.union.example.cn"
    result = channels.get("email").send(
        {"addresses": ["office@district-a.example.cn", "lead@district-a.example.cn"]}, REMINDER
    )
    assert result.kind == "email" and result.recipients == 2
    [received] = smtp_server.messages
    assert received["to"] == ["office@district-a.example.cn", "lead@district-a.example.cn"]
    message = received["message"]
    # Django folds a long encoded subject onto a continuation line; unfolded, the parser keeps
    # the folding space in front, which mail clients drop.
    assert message["Subject"].strip() == "【催办】请于11月底前完成职工书屋建设任务"
    assert message["Auto-Submitted"] == "auto-generated"
    assert "noreply@union.example.cn" in message["From"]
    link = "https://plans.union.example.cn/tasks/12/"
    text = message.get_body(preferencelist=("plain",))
    assert text.get_content_charset() == "utf-8"
    assert "该任务完成时限为11月底前，请抓紧推进并及时报送进展。" in text.get_content()
    assert link in text.get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "<h2" in html and "【催办】请于11月底前完成职工书屋建设任务" in html
    assert f'href="{link}"' in html
    assert "<p" in html and "甲区总工会：" in html


def test_html_part_escapes_what_it_is_given(smtp_server):
    message = Message(title="a < b", lines=("<script>alert(1)</script>",), url="/tasks/1/")
    channels.get("email").send({"addresses": ["a@example.cn"]}, message)
    html = smtp_server.messages[0]["message"].get_body(preferencelist=("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_refused_address_is_a_permanent_failure(smtp_server):
    smtp_server.refuse["nobody@example.cn"] = "550 5.1.1 <nobody@example.cn>: User unknown"
    with pytest.raises(PermanentFailure) as failure:
        channels.get("email").send({"addresses": ["nobody@example.cn"]}, REMINDER)
    assert failure.value.code == 550
    assert "nobody@example.cn" in str(failure.value)
    assert smtp_server.messages == []


def test_a_mailbox_busy_for_now_is_a_temporary_failure(smtp_server):
    smtp_server.refuse["busy@example.cn"] = "450 4.2.1 Mailbox busy, try again later"
    with pytest.raises(TemporaryFailure) as failure:
        channels.get("email").send({"addresses": ["busy@example.cn"]}, REMINDER)
    assert failure.value.code == 450


def test_a_mail_server_that_is_down_is_a_temporary_failure(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 3
    with pytest.raises(TemporaryFailure) as failure:
        channels.get("email").send({"addresses": ["office@example.cn"]}, REMINDER)
    assert failure.value.code == "unreachable"


def test_addresses_are_checked_and_deduplicated():
    email = channels.get("email")
    assert email.clean_config({"addresses": " a@example.cn\nA@example.cn\n\nb@example.cn "}) == {
        "addresses": ["a@example.cn", "b@example.cn"]
    }
    with pytest.raises(ValidationError):
        email.clean_config({"addresses": ["not an address"]})
    with pytest.raises(ValidationError):
        email.clean_config({"addresses": []})
    with pytest.raises(PermanentFailure):
        email.send({"addresses": []}, REMINDER)


@pytest.mark.django_db
def test_a_units_config_comes_from_its_addresses():
    from tests import factories

    unit = factories.UnitFactory(emails="office@a.example.cn\n\n  lead@a.example.cn \n")
    config = config_for_unit(unit)
    assert channels.get("email").clean_config(config)["addresses"] == [
        "office@a.example.cn",
        "lead@a.example.cn",
    ]


def test_the_mail_servers_own_words_stay_out_of_the_message_people_read(smtp_server):
    # What a server answers is its own text (and may be anything); people read our words and
    # the status code, the server's reply goes to the log only.
    smtp_server.refuse["busy@example.cn"] = "451 4.7.1 Visit http://spam.example/unblock now"
    smtp_server.refuse["nobody@example.cn"] = "550 5.1.1 Visit http://spam.example/unblock"
    for address, failure_class in (
        ("busy@example.cn", TemporaryFailure),
        ("nobody@example.cn", PermanentFailure),
    ):
        with pytest.raises(failure_class) as failure:
            channels.get("email").send({"addresses": [address]}, REMINDER)
        assert "spam.example" not in str(failure.value)
        assert "spam.example" in failure.value.detail
        assert str(failure.value.code) in str(failure.value)
