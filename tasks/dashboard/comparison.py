"""Last year, for comparison: the plans of the same owners a year earlier, at the same point of
the year and in the end."""

from dataclasses import dataclass

from django.db.models import Count, Q

from plans.models import Plan, Task
from plans.wording.years import move_date
from tasks.dashboard.figures import percent_of


@dataclass
class Comparison:
    """Last year's plans of the same owners, at the same point of the year and in the end."""

    year: int
    total: int
    done_by_now: int
    done: int

    @property
    def rate_by_now(self):
        return percent_of(self.done_by_now, self.total)

    @property
    def final_rate(self):
        return percent_of(self.done, self.total)


def previous_year(plans, year, today):
    """The Comparison for ``plans`` of ``year`` on ``today``; None without last year's tasks."""
    if not plans or year is None:
        return None
    owners = {plan.owner_id for plan in plans}
    same_day = move_date(today, -1)
    figures = Task.objects.filter(
        plan__owner_id__in=owners,
        plan__year=year - 1,
        plan__status__in=[Plan.Status.PUBLISHED, Plan.Status.ARCHIVED],
    ).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=Task.Status.DONE)),
        done_by_now=Count(
            "pk", filter=Q(status=Task.Status.DONE, completed_at__date__lte=same_day)
        ),
    )
    if not figures["total"]:
        return None
    return Comparison(year - 1, figures["total"], figures["done_by_now"], figures["done"])
