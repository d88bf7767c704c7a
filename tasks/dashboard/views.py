"""The leaders' dashboard: the page, the big screen and the one-page report (the .xlsx:
tasks.exports.views)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from tasks import access
from tasks.assessment.summary import top_units
from tasks.dashboard.board import build
from tasks.dashboard.filters import STATUS_CHOICES, Filters


def _build(request, **options):
    if not access.can_view_dashboard(request.user):
        raise PermissionDenied
    filters = Filters.from_query(request.GET)
    return build(request.user, filters, timezone.localdate(), **options)


def _context(dashboard):
    return {
        "dashboard": dashboard,
        "filters": dashboard.filters,
        "status_choices": STATUS_CHOICES,
        "chart_data": dashboard.chart_data(),
    }


@login_required
def dashboard(request):
    """Where the year's plans stand, with filters kept in the URL, and the assessment's first
    units of the plans shown (tasks.assessment.summary)."""
    built = _build(request)
    chosen = [plan for plan in built.plans if built.filters.plan in (None, plan.pk)]
    context = {**_context(built), "assessments": top_units(chosen, built.today)}
    return render(request, "tasks/dashboard.html", context)


@login_required
def big_screen(request):
    """The same figures full screen for a meeting room (大屏); the page reloads every minute."""
    return render(request, "tasks/dashboard_big.html", _context(_build(request)))


@login_required
def printable(request):
    """A one-page report for meetings."""
    return render(request, "tasks/dashboard_print.html", _context(_build(request)))
