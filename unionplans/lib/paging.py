"""Pages of a long list: a page shows a bounded number of rows, whatever the list's length.

The page number comes from the address and is read by ``params.page_param`` (not a positive
number is the first page); ``Paginator.get_page`` shows the last page for one past the end. The
other parameters of the address (a list's filters) are returned without ``page``, for the links
to the other pages. A page showing two lists names each list's parameter (``page``, ``epage``)
so that turning one list's pages keeps the other's."""

from django.core.paginator import Paginator

from unionplans.lib.params import page_param


def paginate(request, items, per_page, param="page"):
    """(the page of ``items`` the request asks for, the request's other GET parameters as a
    query string). ``items`` is a queryset (ordered) or a list; ``param`` names the page
    number's parameter, set on the page as ``page.param`` for the links."""
    page = Paginator(items, per_page).get_page(page_param(request, param))
    page.param = param
    query = request.GET.copy()
    query.pop(param, None)
    return page, query.urlencode()
