"""The workbooks people download: the plan ledger and the dashboard's figures. A small one is
written in the request; a large one (past EXPORT_WORKER_ROWS rows, counted first) is asked of
the worker and the person waits on its page, which refreshes until the file is ready. Only the
person who asked sees the page and downloads the file."""

import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from plans import permissions
from tasks import access
from tasks.dashboard.filters import Filters
from tasks.exports import kinds, service
from unionplans.lib.downloads import download, download_file

# Seconds between two loads of a pending export's page (static/js/export.js).
REFRESH_SECONDS = 3


def _send_or_ask(request, kind, subject):
    """The workbook now when it is small; else an export for the worker, and its page."""
    rows = kind.estimate(request.user, subject)
    if service.is_large(rows):
        export = service.ask(request.user, kind, subject, rows)
        return redirect("tasks:export", export.pk)
    buffer = io.BytesIO()
    name, fallback = kind.write(request.user, subject, buffer)
    return download(buffer.getvalue(), name, fallback)


@login_required
def ledger_xlsx(request, pk):
    """The ledger (台账) of a plan as an Excel workbook: the user's rows of it."""
    plan = permissions.get_plan(request.user, pk)
    return _send_or_ask(request, kinds.LEDGER, plan)


@login_required
def dashboard_xlsx(request):
    """The dashboard's figures, as filtered, as an Excel workbook."""
    if not access.can_view_dashboard(request.user):
        raise PermissionDenied
    choice = kinds.DashboardChoice(Filters.from_query(request.GET), timezone.localdate())
    return _send_or_ask(request, kinds.DASHBOARD, choice)


@login_required
def export_detail(request, pk):
    """Where an export stands: being produced (the page reloads itself), ready (a download
    link) or failed (why, in plain words)."""
    export = access.get_export(request.user, pk)
    context = {
        "export": export,
        "refresh_seconds": REFRESH_SECONDS,
        "keep_days": settings.EXPORT_KEEP_DAYS,
    }
    return render(request, "tasks/export.html", context)


@login_required
def export_download(request, pk):
    """The file of a ready export, to the person who asked for it only."""
    export = access.get_export(request.user, pk)
    if export.state != export.State.READY or not export.file:
        raise Http404
    try:
        opened = export.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None  # deleted from the disk meanwhile
    return download_file(opened, export.name, export.fallback_name)
