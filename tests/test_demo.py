"""The demo a newcomer sees after `make run`."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from plans.demo.accounts import DEMO_ACCOUNTS
from plans.demo.loader import SAMPLE_PLANS, SAMPLES, load_demo
from plans.importing import parse_document
from plans.models import Plan, Section, Task, Unit, User
from tasks.assessment import scoring
from tasks.demo.assessment import ADJUSTED_UNIT, REASON, WEIGHTS
from tasks.models import AssessmentScheme, ScoreAdjustment

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture
def demo(db):
    load_demo(today=TODAY)


def _counts():
    return [model.objects.count() for model in (Unit, User, Plan, Section, Task)]


def test_loading_twice_changes_nothing(db, capsys):
    # The command both times: the demo fixture's fixed day may be of another year than today's.
    call_command("loaddemo")
    capsys.readouterr()
    before = _counts()
    call_command("loaddemo")
    assert _counts() == before
    out = capsys.readouterr().out
    assert "Demo data already loaded" in out
    for account in DEMO_ACCOUNTS:
        assert account["username"] in out


def _walk(sections):
    for section in sections:
        yield section
        yield from _walk(section.sections)


@pytest.mark.parametrize(("filename", "federation", "owner", "status"), SAMPLE_PLANS)
def test_sample_plan_page_shows_every_section_and_task(
    demo, client, filename, federation, owner, status
):
    parsed = parse_document((SAMPLES / filename).read_bytes(), filename)
    plan = Plan.objects.get(title=parsed.title)
    client.force_login(User.objects.get(username="admin"))
    content = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    sections = list(_walk(parsed.sections))
    assert plan.sections.count() == len(sections)
    for section in sections:
        assert section.title in content
        for task in section.tasks:
            assert task.title in content


def test_demo_logins_reach_their_pages(demo, client):
    landings = {
        "planner": "plans:list",
        "leader": "tasks:dashboard",
        "reporter1": "tasks:my_tasks",
        "reporter2": "tasks:my_tasks",
        "admin": "plans:list",
    }
    for username, landing in landings.items():
        # Through the login form: the login throttle (django-axes) needs the request.
        client.post(reverse("login"), {"username": username, "password": "demo"})
        assert "_auth_user_id" in client.session, username
        response = client.get(reverse("home"), follow=True)
        assert response.redirect_chain[-1][0] == reverse(landing)
        assert response.status_code == 200
        client.logout()


def test_reporters_have_tasks_the_other_has_not(demo):
    current = Plan.objects.get(year=TODAY.year, status=Plan.Status.PUBLISHED)
    mine = {}
    for username in ("reporter1", "reporter2"):
        user = User.objects.get(username=username)
        mine[username] = set(Task.objects.visible_to(user).for_unit(user.unit).filter(plan=current))
    assert mine["reporter1"] - mine["reporter2"]
    assert mine["reporter2"] - mine["reporter1"]


def test_current_plan_has_deadlines_behind_and_ahead(demo):
    tasks = Task.objects.filter(plan__year=TODAY.year, plan__status=Plan.Status.PUBLISHED)
    assert tasks.filter(deadline__lt=TODAY).exists()
    assert tasks.filter(deadline__gt=TODAY).exists()
    assert not tasks.exclude(deadline=None).exclude(deadline__year=TODAY.year).exists()


def test_login_page_lists_demo_accounts_in_demo_mode(demo, client, settings):
    settings.DEMO_MODE = True
    content = client.get(reverse("login")).content.decode()
    for account in DEMO_ACCOUNTS:
        assert f"<code>{account['username']}</code>" in content
    settings.DEMO_MODE = False
    assert "demo-accounts" not in client.get(reverse("login")).content.decode()


def test_loaddemo_shows_work_in_progress(db, capsys):
    from tasks.models import CompletionRequest, ExtensionRequest, TargetFigure

    call_command("loaddemo")
    assert "Reminders of" in capsys.readouterr().out
    current = Plan.objects.get(status=Plan.Status.PUBLISHED)
    assert current.tasks.filter(status=Task.Status.DONE).count() == 1
    assert CompletionRequest.objects.filter(task__plan=current, status="pending").count() == 1
    assert ExtensionRequest.objects.filter(task__plan=current, status="pending").count() == 1
    rooms = current.tasks.get(title="推进职工书屋建设").targets.order_by("order").first()
    assert sum(f.value for f in TargetFigure.objects.filter(target=rooms)) == 16


def test_the_propaganda_department_has_one_name(demo):
    """宣教部 (the glossary's word) everywhere: units, plans, responsibilities, accounts; the
    2020 Leshan list's former name 组宣部 is read as the same department."""
    from django.utils import translation

    from plans.models import Responsibility

    assert not Unit.objects.filter(name__contains="组宣部").exists()
    leshan = Unit.objects.get(name="乐山市总工会")
    department = Unit.objects.get(name="宣教部", federation=leshan)
    assert set(Plan.objects.filter(owner__federation=leshan).values_list("owner", flat=True)) == {
        department.pk
    }
    assert Responsibility.objects.filter(unit=department, task__plan__year=2020).exists()
    assert not Task.objects.filter(body__contains="组宣部").exists()
    assert User.objects.get(username="planner").unit == department
    with translation.override("zh-hans"):
        descriptions = [str(account["description"]) for account in DEMO_ACCOUNTS]
    assert not any("组宣部" in text for text in descriptions)
    assert any("宣教部" in text for text in descriptions)


def test_a_plan_of_an_earlier_year_does_not_claim_it_was_published_today(demo):
    """The samples were published in their own year, on a day the demo does not know."""
    for plan in Plan.objects.filter(year__lt=TODAY.year):
        assert plan.published_at is None, plan.title
    current = Plan.objects.get(year=TODAY.year)
    assert current.published_at is not None


def test_loaddemo_shows_an_assessment_with_real_numbers(db, client, capsys):
    call_command("loaddemo")
    capsys.readouterr()
    current = Plan.objects.get(status=Plan.Status.PUBLISHED)
    assert AssessmentScheme.objects.get(plan=current).weights == WEIGHTS
    adjustment = ScoreAdjustment.objects.get(plan=current)
    assert (adjustment.unit.name, adjustment.points, adjustment.reason) == (
        ADJUSTED_UNIT,
        Decimal(2),
        REASON,
    )
    table = scoring.table(current, timezone.localdate())
    assert len(table.rows) >= 4
    # some work is due and some achieved: not everyone on full marks
    assert any(c.applicable for row in table.rows for c in row.criteria)
    assert len({row.total for row in table.rows}) > 1
    client.force_login(User.objects.get(username="leader"))
    content = client.get(reverse("tasks:assessment", args=[current.pk])).content.decode()
    assert ADJUSTED_UNIT in content and REASON in content and "+2" in content


def test_loaddemo_shows_the_reporting_loop(db, client):
    from tasks.models import Reminder, Round, Writing

    call_command("loaddemo")
    closed, current = Round.objects.order_by("due_date")
    assert not closed.is_open and current.is_open
    assert closed.items.filter(report__isnull=False).exists()
    assert current.items.filter(report__isnull=True).exists()
    assert current.items.filter(report__isnull=False).exists()
    compilation = Writing.objects.get(kind=Writing.Kind.COMPILATION)
    assert compilation.round == closed
    bulletin = Writing.objects.get(kind=Writing.Kind.BULLETIN)
    assert not bulletin.is_published and bulletin.examples.exists()
    assert "典型做法" in bulletin.body
    assert Reminder.objects.filter(kind=Reminder.Kind.ROUND, round=current).exists()
    client.force_login(User.objects.get(username="reporter1"))
    my_tasks = client.get(reverse("tasks:my_tasks")).content.decode()
    assert current.name in my_tasks
