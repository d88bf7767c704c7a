"""The demo: the units named in the sample plans, the three sample plans imported from their
text, a published plan for the current year with deadlines behind and ahead, and the demo
accounts. Loading twice changes nothing."""

import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from plans.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from plans.importing import parse_document
from plans.importing.saving import Saver
from plans.models import Leader, Plan, Unit, User

HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "samples"

K = Unit.Kind
FEDERATIONS = {
    "乐山市总工会": {
        K.DEPARTMENT: ["宣教部", "办公室", "机关党委", "经济保障女工部", "财务部", "经审办"],
        K.INDUSTRY: ["市教科文卫体工会"],
        K.DISTRICT: [
            "市中区总工会",
            "五通桥区总工会",
            "沙湾区总工会",
            "金口河区总工会",
            "峨眉山市总工会",
            "犍为县总工会",
            "井研县总工会",
            "夹江县总工会",
            "沐川县总工会",
            "峨边彝族自治县总工会",
            "马边彝族自治县总工会",
        ],
        K.AFFILIATED: ["乐山市工人文化宫"],
    },
    "北京市总工会": {K.DEPARTMENT: ["宣传教育部"], K.AFFILIATED: ["北京市劳动人民文化宫"]},
    "平顶山市总工会": {K.DEPARTMENT: ["宣传教育部"]},
}
LEADERS = {"乐山市总工会": [("张慧", "市总工会副主席"), ("张雷", "市总工会副主席")]}

# (file, federation, owner unit, status)
SAMPLE_PLANS = [
    ("beijing-2017-union-publicity-plan.txt", "北京市总工会", "宣传教育部", Plan.Status.ARCHIVED),
    ("pingdingshan-2021-publicity-plan.txt", "平顶山市总工会", "宣传教育部", Plan.Status.ARCHIVED),
    ("leshan-2020-measures-list.txt", "乐山市总工会", "宣教部", Plan.Status.ARCHIVED),
]
CURRENT_PLAN = HERE / "current-plan.txt"
CURRENT_OWNER = ("乐山市总工会", "宣教部")
# The 2020 Leshan list calls the propaganda department by its former name; the demo has one
# department, named as the glossary does (宣教部), so the sample is read with today's name.
FORMER_NAMES = {"组宣部": "宣教部"}


def _with_current_names(text):
    for former, current in FORMER_NAMES.items():
        text = text.replace(former, current)
    return text


def _federation(name):
    federation, _ = Unit.objects.get_or_create(
        name=name, federation=None, defaults={"kind": Unit.Kind.FEDERATION}
    )
    return federation


def _units():
    for order, (name, kinds) in enumerate(FEDERATIONS.items()):
        federation = _federation(name)
        if federation.order != order:
            federation.order = order
            federation.save()
        position = 0
        for kind, names in kinds.items():
            for unit_name in names:
                position += 1
                Unit.objects.get_or_create(
                    name=unit_name,
                    federation=federation,
                    defaults={
                        "kind": kind,
                        "parent": federation,
                        "order": position,
                        "emails": f"unit{position}@{federation.pk}.demo.invalid",
                    },
                )
        for leader_name, title in LEADERS.get(name, []):
            Leader.objects.get_or_create(
                federation=federation, name=leader_name, defaults={"title": title}
            )


def _unit(federation_name, unit_name):
    federation = Unit.objects.get(name=federation_name, federation=None)
    if unit_name == federation_name:
        return federation
    return Unit.objects.get(name=unit_name, federation=federation)


def _import(text, filename, owner, status, year=None, published_at=None):
    parsed = parse_document(text.encode("utf-8"), filename)
    existing = Plan.objects.filter(owner=owner, title=parsed.title[:300]).first()
    if existing:
        return existing, False
    plan = Saver(owner).save(parsed, year=year, status=status)
    if published_at is not None:
        plan.published_at = published_at
        plan.save(update_fields=["published_at"])
    return plan, True


def current_plan_text(today):
    """The current year's demo plan, its dated deadlines placed around ``today`` (kept within
    the year, as a plan's deadlines are): some due tomorrow and in a week, some overdue since
    yesterday and for three days, so that today's reminder sweep has something to send."""
    offsets = {f"past_{n}": -n for n in (1, 3, 30, 150)}
    offsets.update({f"future_{n}": n for n in (1, 7, 25, 40, 45)})
    first, last = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    phrases = {}
    for key, days in offsets.items():
        day = min(max(today + datetime.timedelta(days=days), first), last)
        phrases[key] = f"{day.month}月{day.day}日前"
    return CURRENT_PLAN.read_text(encoding="utf-8").format(year=today.year, **phrases)


def _accounts():
    for account in DEMO_ACCOUNTS:
        unit = None
        if account["unit"]:
            unit = Unit.objects.filter(name=account["unit"]).order_by("federation_id").first()
        user, created = User.objects.get_or_create(
            username=account["username"],
            defaults={
                "role": account["role"],
                "unit": unit,
                "first_name": account["full_name"],
                # A reserved domain: 忘记密码 can be tried, the worker's console shows the mail.
                "email": f"{account['username']}@example.org",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = user.is_superuser = account["role"] == User.Role.ADMIN
            user.save()
        if account["role"] == User.Role.LEADER and unit is not None:
            Leader.objects.filter(federation=unit, name=account["full_name"], user=None).update(
                user=user
            )


@transaction.atomic
def load_demo(today=None):
    """Create the demo data once; return the plans created this time. ``today`` places the
    current plan's deadlines (make it a working day to see reminders)."""
    today = today or timezone.localdate()
    _units()
    created = []
    for filename, federation_name, owner_name, status in SAMPLE_PLANS:
        text = _with_current_names((SAMPLES / filename).read_text(encoding="utf-8"))
        # Published in their own year, on a day we do not know: no publishing date rather
        # than today's.
        plan, new = _import(text, filename, _unit(federation_name, owner_name), status)
        if new:
            created.append(plan)
    owner = _unit(*CURRENT_OWNER)
    plan, new = _import(
        current_plan_text(today),
        "current-plan.txt",
        owner,
        Plan.Status.PUBLISHED,
        today.year,
        published_at=timezone.now(),
    )
    if new:
        created.append(plan)
    _accounts()
    return created
