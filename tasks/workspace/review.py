"""The review queue (办结审核, 延期审批): pending requests a page at a time, each with the evidence
a reviewer decides on — the percent of the task, its targets against what was reached, the
requesting unit's latest report with its attachments and links, and the other request pending on
the same task — and the units that have not acknowledged their tasks, counted (one of the
maintained figures). Every function runs a fixed number of queries, whatever the number of
tasks."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, OuterRef, Prefetch, Subquery, Value

from plans.models import Plan, Responsibility, Task, Unit
from tasks import access
from tasks.models import (
    Acknowledgement,
    Attachment,
    CompletionRequest,
    CountedResponsibility,
    ExtensionRequest,
    ProgressReport,
    ReportLink,
    Review,
    UnitCount,
)
from tasks.models.figures import marked
from tasks.workspace import progress
from unionplans.lib import addresses
from unionplans.lib.paging import paginate

PAGE_SIZE = 20


def reviewable_tasks(user):
    """The tasks of published plans ``user`` may see: what the queue is about."""
    return Task.objects.visible_to(user).filter(plan__status=Plan.Status.PUBLISHED)


def _latest_report(ref_task="task", ref_unit="unit"):
    latest = ProgressReport.objects.filter(task=OuterRef(ref_task), unit=OuterRef(ref_unit))
    return Subquery(latest.order_by("-created_at", "-pk").values("pk")[:1])


def _pending(model, field_name):
    """Subquery: ``field_name`` of the pending ``model`` request on the same task, if any."""
    pending = model.objects.filter(task=OuterRef("task"), status=Review.PENDING)
    return Subquery(pending.values(field_name)[:1])


def pending_completions(tasks):
    """Completion requests waiting on ``tasks``, oldest first, with the percent of the task,
    the requesting unit's latest report and the pending extension's proposed date."""
    return (
        CompletionRequest.objects.filter(status=Review.PENDING, task__in=tasks)
        .select_related("task", "task__plan", "unit", "requested_by")
        .annotate(
            reported_percent=progress.lead_percent("task"),
            latest_report_id=_latest_report(),
            pending_extension_to=_pending(ExtensionRequest, "proposed_deadline"),
        )
        .order_by("requested_at", "pk")
    )


def pending_extensions(tasks):
    """Extension requests waiting on ``tasks``, oldest first, with the percent of the task and
    when completion was requested, if it is pending too."""
    return (
        ExtensionRequest.objects.filter(status=Review.PENDING, task__in=tasks)
        .select_related("task", "task__plan", "unit", "requested_by")
        .annotate(
            reported_percent=progress.lead_percent("task"),
            latest_report_id=_latest_report(),
            pending_completion_at=_pending(CompletionRequest, "requested_at"),
        )
        .order_by("requested_at", "pk")
    )


@dataclass
class Card:
    """A request with its evidence."""

    request: object
    targets: list = field(default_factory=list)
    report: object = None
    # The task's page and where the decision is posted, prepared once per page (cards()).
    task_url: str = ""
    action_url: str = ""

    @property
    def gaps(self):
        """What is short of done (for a completion request): see progress.completion_gaps."""
        return progress.completion_gaps(self.request.reported_percent, self.targets)


def cards(items):
    """``items`` (a page of requests) as Cards: targets and reports with their files and links
    in five queries whatever the page's length."""
    items = list(items)
    targets = progress.reached_by_task({item.task_id for item in items})
    report_ids = {item.latest_report_id for item in items if item.latest_report_id}
    reports = {}
    if report_ids:
        reports = ProgressReport.objects.filter(pk__in=report_ids).prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
            Prefetch("links", queryset=ReportLink.objects.order_by("pk")),
        )
        reports = {report.pk: report for report in reports}
    task_url = addresses.for_ids("tasks:detail")
    action = addresses.for_ids(
        "tasks:review_extension"
        if items and isinstance(items[0], ExtensionRequest)
        else "tasks:review_completion"
    )
    return [
        Card(
            item,
            targets.get(item.task_id, []),
            reports.get(item.latest_report_id),
            task_url(item.task_id),
            action(item.pk),
        )
        for item in items
    ]


def page(request, queryset, param, size=PAGE_SIZE):
    """(one page of ``queryset``, the address's other parameters), the page number read from
    ``param`` (anything but a page number is the first or last page), its items as Cards."""
    result, query = paginate(request, queryset, size, param)
    result.cards = cards(result.object_list)
    return result, query


def _not_acknowledged(tasks):
    acknowledged = Acknowledgement.exists_for(OuterRef("task"), OuterRef("unit"))
    return Responsibility.objects.filter(task__in=tasks, role__in=access.UNIT_ROLES).exclude(
        acknowledged
    )


def not_acknowledged_counts(user):
    """Each unit with tasks it has not acknowledged in the published plans ``user`` may see,
    and how many, in one query whatever the number of tasks: the maintained count per plan
    and unit (``UnitCount.not_acknowledged``, kept by tasks.dashboard.upkeep) without the
    tasks whose changes are not taken in yet (tasks.models.figures.marked), which are counted
    from the data instead — so the queue is right at once after any change, without waiting
    for the figures' refresh."""
    plans = Plan.objects.visible_to(user).filter(status=Plan.Status.PUBLISHED).values("pk")
    kept = UnitCount.objects.filter(plan__in=plans, not_acknowledged__gt=0)
    taken_out = CountedResponsibility.objects.filter(
        marked(), plan__in=plans, role__in=access.UNIT_ROLES, acknowledged=False
    )
    counted = _not_acknowledged(Task.objects.filter(plan__in=plans)).filter(marked())
    parts = (
        kept.order_by()
        .values("unit_id", n=F("not_acknowledged"))
        .union(
            taken_out.order_by().values("unit_id", n=Value(-1)),
            counted.order_by().values("unit_id", n=Value(1)),
            all=True,
        )
    )
    sql, params = parts.query.sql_with_params()
    quote = connection.ops.quote_name
    title, order = quote("name"), quote("order")
    # Summed by unit in the database: the kept rows are a few per unit, the parts of the
    # changed tasks few too; the federation's order of its units, then the name.
    statement = (
        f"SELECT part.unit_id, unit.{title}, SUM(part.n) FROM ({sql}) part "
        f"JOIN {quote(Unit._meta.db_table)} unit ON unit.id = part.unit_id "
        f"GROUP BY part.unit_id, unit.{title}, unit.{order} HAVING SUM(part.n) > 0 "
        f"ORDER BY unit.{order}, unit.{title}, part.unit_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    address = addresses.for_ids("tasks:review_unit")
    return [
        {"unit_id": unit_id, "name": name, "count": count, "url": address(unit_id)}
        for unit_id, name, count in rows
    ]


def not_acknowledged_by(tasks, unit):
    """The responsibilities of ``unit`` among ``tasks`` it has not acknowledged, in plan
    order."""
    return (
        _not_acknowledged(tasks)
        .filter(unit=unit)
        .select_related("task", "task__plan")
        .order_by("task__plan_id", "task__order", "task_id")
    )


def responsible_unit(tasks, pk):
    """The unit ``pk`` if it is responsible for some of ``tasks``, else None (another
    federation's unit is not found)."""
    responsible = Responsibility.objects.filter(task__in=tasks, role__in=access.UNIT_ROLES)
    return Unit.objects.filter(pk=pk, pk__in=responsible.values("unit")).first()
