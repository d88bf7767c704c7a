"""The federation's organisation change log (组织机构变更记录): its audit entries, newest first,
narrowed to a unit or a person, a kind of change and a range of days (in Asia/Shanghai); one
query for a page whatever the federation's size (and one to count)."""

import datetime

from django.utils import timezone

from plans.models import AuditEntry

# Days so far off that every entry is within them: a bound there selects everything, and the
# moment after 31 December 9999 (or before year 1 in UTC) does not exist.
_EARLIEST, _LATEST = datetime.date(1900, 1, 1), datetime.date(9999, 1, 1)


def _start_of(day):
    """The first moment of ``day`` where the federation is (TIME_ZONE)."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone()
    )


def entries(federation, *, unit=None, person=None, action="", since=None, until=None):
    """The entries of ``federation``'s organisation (not of its plans), newest first: about
    ``unit`` or ``person`` if given, of the ``action`` code if given, recorded on the days from
    ``since`` to ``until`` (dates, either may be None), with who made them and their subject."""
    found = AuditEntry.objects.filter(federation=federation, plan__isnull=True)
    if unit is not None:
        found = found.filter(unit=unit)
    if person is not None:
        found = found.filter(person=person)
    if action:
        found = found.filter(action=action)
    if since is not None and since > _EARLIEST:
        found = found.filter(at__gte=_start_of(since))
    if until is not None and until < _LATEST:
        found = found.filter(at__lt=_start_of(until + datetime.timedelta(days=1)))
    return found.select_related("user", "unit", "person").order_by("-at", "-pk")
