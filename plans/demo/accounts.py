"""The demo accounts, shown on the login page in demo mode and printed by `make run`."""

from django.utils.translation import gettext_lazy as _

DEMO_PASSWORD = "demo"

DEMO_ACCOUNTS = [
    {
        "username": "planner",
        "role": "planner",
        "unit": "宣教部",
        "full_name": "王宣",
        "description": _("Planner of the propaganda department, 乐山市总工会"),
    },
    {
        "username": "leader",
        "role": "leader",
        "unit": "乐山市总工会",
        "full_name": "张慧",
        "description": _("Leader (vice-chair), reads everything and gets escalations"),
    },
    {
        "username": "reporter1",
        "role": "reporter",
        "unit": "市中区总工会",
        "full_name": "李明",
        "description": _("Reporter of 市中区总工会"),
    },
    {
        "username": "reporter2",
        "role": "reporter",
        "unit": "夹江县总工会",
        "full_name": "赵华",
        "description": _("Reporter of 夹江县总工会"),
    },
    {
        "username": "admin",
        "role": "admin",
        "unit": None,
        "full_name": "管理员",
        "description": _("Administrator"),
    },
]


def login_lines():
    """The demo logins as lines to print: a heading, then one line per account."""
    lines = [f"Demo logins (password: {DEMO_PASSWORD}):"]
    lines += [f"  {account['username']:<10} {account['description']}" for account in DEMO_ACCOUNTS]
    return lines
