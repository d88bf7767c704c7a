"""What can be exported, and for each kind: how many rows it will have (one COUNT query), what
the worker needs to produce it again (its parameters) and how the file is written and named.

A kind deals with a *subject*: the plan of a ledger, the filters and day of a dashboard. The
request has the subject at hand; the worker rebuilds it from the stored parameters with the
requester's rights as they are then (``subject``), so that a plan deleted or a right lost in
between ends in a plain message, never in a file the person may no longer read."""

import datetime
from dataclasses import dataclass

from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from plans import permissions
from plans.exporting import common
from plans.models import Task
from tasks import access
from tasks.dashboard import board
from tasks.dashboard import export as dashboard_export
from tasks.dashboard.filters import Filters
from tasks.models import Export
from tasks.workspace import ledger


class Gone(Exception):
    """What the export was about is no longer there for its requester; the message says it in
    plain words."""


class LedgerKind:
    """The plan ledger (台账): one row per task the requester sees."""

    code = Export.Kind.LEDGER

    @staticmethod
    def parameters(plan):
        return {"plan": plan.pk}

    @staticmethod
    def estimate(user, plan):
        """The ledger's rows: the plan's tasks the user sees (one COUNT)."""
        tasks = Task.objects.filter(plan=plan)
        if ledger.whose_tasks(user) is not None:
            tasks = tasks.visible_to(user)
        return tasks.count()

    @staticmethod
    def names(plan):
        """(the name people see, the ASCII name for old clients)."""
        return common.filename(plan, "xlsx", _("-ledger")), f"plan-{plan.pk}-ledger.xlsx"

    @classmethod
    def provisional_names(cls, plan):
        return cls.names(plan)

    @staticmethod
    def subject(user, parameters):
        try:
            return permissions.get_plan(user, parameters["plan"])
        except Http404:
            raise Gone(_("The plan was deleted, or you may no longer see it.")) from None

    @classmethod
    def write(cls, user, plan, target):
        """Write the workbook to ``target``; return its names."""
        ledger.write_xlsx(plan, ledger.whose_tasks(user), target)
        return cls.names(plan)


@dataclass
class DashboardChoice:
    """What a leader chose on the dashboard, and the day its figures are for."""

    filters: Filters
    today: datetime.date


class DashboardKind:
    """The dashboard's figures: summary, sections, units, targets and every overdue task."""

    code = Export.Kind.DASHBOARD

    @staticmethod
    def parameters(choice):
        return {"query": choice.filters.as_query(), "today": choice.today.isoformat()}

    @staticmethod
    def estimate(user, choice):
        """An upper bound of the rows: the tasks of the year's plans the user sees (one COUNT;
        the year chosen if it has plans, else this year's, else the latest, as the dashboard
        picks it). Its other filters only remove rows."""
        visible = board.published_plans(user)
        years = [
            Subquery(visible.filter(year=year).values("year")[:1])
            for year in (choice.filters.year, choice.today.year)
            if year is not None
        ]
        years.append(Subquery(visible.order_by("-year").values("year")[:1]))
        year = Coalesce(*years)
        return Task.objects.filter(plan__in=visible.filter(year=year)).count()

    @staticmethod
    def names(year):
        return f"工作要点进展-{year or ''}.xlsx", f"dashboard-{year or 'all'}.xlsx"

    @classmethod
    def provisional_names(cls, choice):
        """The names before the dashboard has picked its year (the worker's export is renamed
        once it has)."""
        return cls.names(choice.filters.year or choice.today.year)

    @staticmethod
    def subject(user, parameters):
        if not access.can_view_dashboard(user):
            raise Gone(_("You may no longer see the dashboard."))
        filters = Filters.from_query(parameters.get("query", {}))
        return DashboardChoice(filters, datetime.date.fromisoformat(parameters["today"]))

    @classmethod
    def write(cls, user, choice, target):
        """Build the dashboard now, with every overdue task listed, and write it."""
        dashboard = board.build(user, choice.filters, choice.today, listed=None)
        dashboard_export.write(dashboard, target)
        return cls.names(dashboard.year)


LEDGER = LedgerKind
DASHBOARD = DashboardKind
KINDS = {kind.code: kind for kind in (LEDGER, DASHBOARD)}
