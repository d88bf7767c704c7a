"""The assessment on the leaders' dashboard: each plan's first units by rank, kept as long as
the dashboard's own figures (DASHBOARD_CACHE_SECONDS), since leaders and big screens reload the
page often. A planner sees an adjustment at once on the assessment's own page."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from tasks.assessment.scoring import tables

# Part of the cache key: a new layout of the cached rows must not meet old pickles.
CACHE_VERSION = 1


def top_units(plans, today, count=5):
    """(plan, its first ``count`` rows by rank) for each of ``plans``: six queries in all."""
    found = tables(plans, today)
    return [(plan, found[plan.pk].top(count)) for plan in plans]


def cached_top_units(plans, today, count=5):
    """``top_units``, kept DASHBOARD_CACHE_SECONDS for the same plans and day."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds or not plans:
        return top_units(plans, today, count)
    raw = repr((sorted(plan.pk for plan in plans), today.isoformat(), count))
    key = f"assessment-top:{CACHE_VERSION}:" + hashlib.sha256(raw.encode()).hexdigest()
    rows = cache.get(key)
    if rows is None:
        rows = {plan.pk: top for plan, top in top_units(plans, today, count)}
        cache.set(key, rows, seconds)
    return [(plan, rows.get(plan.pk, [])) for plan in plans]
