"""One value of the query string or of a posted form, read without ever failing.

Views read a loose parameter (a filter, a page, an object to start from) here instead of calling
``int()`` or ``parse_date`` themselves: ``"²".isdigit()`` is true yet ``int("²")`` raises, and
``parse_date("2026-02-30")`` raises instead of returning None. A value that makes no sense comes
back as None (or the default) and the view ignores it; what takes several fields, or needs a
message next to the field, is a Django form instead.

The ``parse_*`` functions read a value already taken from a ``QueryDict`` (the dashboard's and
the work list's filters); the ``*_param`` functions read it from the request.
"""

import datetime
import re

# PostgreSQL's bigint: a larger number names no row (Django turns it into an empty query, but
# a page number or a year that large means nothing either).
MAX_INT = 2**63 - 1
# What a date input sends; fromisoformat alone also takes 20260230 and 2026-W09-1.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_int(value, *, minimum=0, maximum=MAX_INT):
    """``value`` as an integer between ``minimum`` and ``maximum``, else None. Decimal digits of
    any script count, as ``int()`` reads them (a Chinese keyboard types full-width "７");
    ``isdigit()`` would also let through "²", which ``int()`` refuses."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    # Longer than the largest id is no id; int() of thousands of digits would itself refuse.
    if not value.isdecimal() or len(value) > 20:
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def parse_date(value):
    """``value`` (YYYY-MM-DD) as a date, else None — also for a day that does not exist."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def parse_choice(value, choices, default=None):
    """``value`` when it is one of ``choices`` (any container of strings), else ``default``."""
    return value if isinstance(value, str) and value in choices else default


def raw_param(request, name):
    """The posted value of ``name`` (on a POST), else the query string's; "" when absent."""
    value = request.POST.get(name, "") if request.method == "POST" else ""
    return (value or request.GET.get(name, "")).strip()


def int_param(request, name, **limits):
    """The parameter ``name`` as an integer (see ``parse_int``), or None."""
    return parse_int(raw_param(request, name), **limits)


def date_param(request, name):
    """The parameter ``name`` as a date (see ``parse_date``), or None."""
    return parse_date(raw_param(request, name))


def choice_param(request, name, choices, default=None):
    """The parameter ``name`` when it is one of ``choices``, else ``default``."""
    return parse_choice(raw_param(request, name), choices, default)


def page_param(request, name="page"):
    """The page number of a paginated list: a positive integer or None (``Paginator.get_page``
    shows the first page for None and the last for a number past the end)."""
    return int_param(request, name, minimum=1)
