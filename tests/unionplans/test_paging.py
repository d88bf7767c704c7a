"""Pages of a long list: the page number read safely, the other parameters kept."""

import pytest
from django.test import RequestFactory

from unionplans.lib.paging import paginate


@pytest.mark.parametrize(
    ("given", "number"),
    [("", 1), ("2", 2), ("abc", 1), ("-1", 1), ("0", 1), ("99999", 3), ("9" * 5000, 1), ("2.5", 1)],
)
def test_any_page_parameter_gives_a_page(given, number):
    request = RequestFactory().get("/x/", {"page": given, "status": "failed"})
    page, query = paginate(request, list(range(25)), 10)
    assert page.number == number
    assert query == "status=failed"


def test_other_parameters_are_kept_without_the_page():
    request = RequestFactory().get("/x/", {"unit": ["1", "2"], "page": "2"})
    page, query = paginate(request, list(range(5)), 10)
    assert page.number == 1 and list(page) == [0, 1, 2, 3, 4]
    assert query == "unit=1&unit=2"
