"""Last year, for comparison: the plans of the same owners a year earlier, at the same point of
the year and in the end, from their kept section figures."""

from dataclasses import dataclass

from django.db.models import Sum

from plans.models import Plan
from tasks.dashboard.figures import percent_of
from tasks.models import SectionCount


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
    """The Comparison for ``plans`` of ``year``; None without last year's tasks. The kept
    figures must be of ``today`` (tasks.dashboard.upkeep.up_to_date): "by now" is their
    ``done_by_year_ago``, done by the same day a year earlier."""
    if not plans or year is None:
        return None
    owners = {plan.owner_id for plan in plans}
    last_year = Plan.objects.filter(
        owner_id__in=owners,
        year=year - 1,
        status__in=[Plan.Status.PUBLISHED, Plan.Status.ARCHIVED],
    )
    figures = SectionCount.objects.filter(plan__in=last_year).aggregate(
        total=Sum("total"), done=Sum("done"), done_by_now=Sum("done_by_year_ago")
    )
    if not figures["total"]:
        return None
    return Comparison(year - 1, figures["total"], figures["done_by_now"], figures["done"])
