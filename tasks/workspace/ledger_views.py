"""The ledger (台账) of a plan: every task with its responsibilities, deadline, status and latest
progress, as a page to print and as an Excel workbook. A unit sees its own tasks only."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from plans import permissions
from plans.exporting import common
from tasks.workspace import ledger
from unionplans.lib.downloads import download


def _ledger_user(user):
    """Whose view the ledger shows: a unit sees its own tasks only."""
    return user if permissions.sees_only_own_tasks(user) else None


@login_required
def export_xlsx(request, pk):
    """The ledger (台账) as an Excel workbook."""
    plan = permissions.get_plan(request.user, pk)
    return download(
        ledger.export_xlsx(plan, _ledger_user(request.user)),
        common.filename(plan, "xlsx", _("-ledger")),
        f"plan-{plan.pk}-ledger.xlsx",
    )


@login_required
def ledger_print(request, pk):
    """The ledger as a table for printing from the browser (A4 landscape)."""
    plan = permissions.get_plan(request.user, pk)
    context = {
        "plan": plan,
        "columns": [header for header, _width in ledger.columns()],
        "rows": ledger.rows(plan, _ledger_user(request.user)),
    }
    return render(request, "tasks/ledger_print.html", context)
