"""Pages of a long list: a page shows a bounded number of rows, whatever the list's length.

The page number comes from the address and is read by ``params.page_param`` (not a positive
number is the first page); ``Paginator.get_page`` shows the last page for one past the end. The
other parameters of the address (a list's filters) are returned without ``page``, for the links
to the other pages."""

from django.core.paginator import Paginator

from unionplans.lib.params import page_param


def paginate(request, items, per_page):
    """(the page of ``items`` the request asks for, the request's other GET parameters as a
    query string). ``items`` is a queryset (ordered) or a list."""
    page = Paginator(items, per_page).get_page(page_param(request))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
