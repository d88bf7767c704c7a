"""The address of one view for every row of a list: ``reverse()`` once, each row's id put in.

``reverse()`` walks the URL patterns each time (about 20 µs); a list of hundreds of rows that
reversed an address per row spent a large part of its time there (docs/performance.md)."""

from django.urls import reverse

# An id no row has, replaced by each row's: the largest PostgreSQL integer.
_PLACEHOLDER = 2147483647


def for_ids(name):
    """A function of an id giving the address of the view ``name`` (a URL of one integer
    argument), as ``reverse(name, args=[id])`` does."""
    pattern = reverse(name, args=[_PLACEHOLDER])
    head, _placeholder, tail = pattern.rpartition(str(_PLACEHOLDER))
    return lambda pk: f"{head}{int(pk)}{tail}"
