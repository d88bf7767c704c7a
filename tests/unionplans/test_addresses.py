"""One reverse() for a list of rows gives what a reverse() per row gives."""

import pytest
from django.urls import reverse

from unionplans.lib import addresses


@pytest.mark.parametrize("name", ["tasks:detail", "plans:detail", "tasks:review_unit"])
@pytest.mark.parametrize("pk", [1, 7, 42, 2147483646, 9999999999])
def test_the_same_address_as_reverse(name, pk):
    assert addresses.for_ids(name)(pk) == reverse(name, args=[pk])


def test_only_an_integer_is_put_in():
    with pytest.raises(ValueError):
        addresses.for_ids("tasks:detail")("1/../admin")
