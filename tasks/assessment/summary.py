"""The assessment on the leaders' dashboard: each plan's first units by rank, counted when the
page is shown (six grouped queries), so that an adjustment shows at once."""

from tasks.assessment.scoring import tables


def top_units(plans, today, count=5):
    """(plan, its first ``count`` rows by rank) for each of ``plans``: six queries in all."""
    found = tables(plans, today)
    return [(plan, found[plan.pk].top(count)) for plan in plans]
