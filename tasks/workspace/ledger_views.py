"""The ledger (台账) of a plan: every task with its responsibilities, deadline, status and latest
progress, as a page to print (the workbook: tasks.exports.views). A unit sees its own tasks
only."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from plans import permissions
from tasks.workspace import ledger


@login_required
def ledger_print(request, pk):
    """The ledger as a table for printing from the browser (A4 landscape)."""
    plan = permissions.get_plan(request.user, pk)
    context = {
        "plan": plan,
        "columns": [header for header, _width in ledger.columns()],
        "rows": ledger.rows(plan, ledger.whose_tasks(request.user)),
    }
    return render(request, "tasks/ledger_print.html", context)
