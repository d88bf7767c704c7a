"""Pages of a long list: a page shows a bounded number of rows, whatever the list's length.

The page number comes from the address and is read safely (Django's ``Paginator.get_page``):
not a number is the first page, past the end (or below it) the last. The other parameters of
the address (a list's filters) are returned without ``page``, for the links to the other
pages."""

from django.core.paginator import Paginator


def paginate(request, items, per_page):
    """(the page of ``items`` the request asks for, the request's other GET parameters as a
    query string). ``items`` is a queryset (ordered) or a list."""
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
