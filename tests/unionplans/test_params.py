"""unionplans.lib.params reads any text without raising: what makes no sense is None."""

import datetime

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from unionplans.lib import params


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        ("0", 0),
        ("²", None),  # "²".isdigit() is true
        ("٣", 3),  # Arabic-Indic three: a decimal digit, as int() reads it
        ("７", 7),  # full-width, as a Chinese keyboard types it
        ("-1", None),
        ("1.5", None),
        ("", None),
        (None, None),
        (str(2**63), None),  # past PostgreSQL's bigint
        (str(2**63 - 1), 2**63 - 1),
    ],
)
def test_parse_int(value, expected):
    assert params.parse_int(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-02-28", datetime.date(2026, 2, 28)),
        ("2026-02-30", None),  # well formed, but no such day
        ("20260228", None),
        ("2026-W09-1", None),
        ("２０２６-０２-２８", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value, expected):
    assert params.parse_date(value) == expected


@given(st.text())
def test_any_text_is_read_without_raising(value):
    params.parse_int(value)
    params.parse_date(value)
    assert params.parse_choice(value, {"a"}, "b") in {"a", "b"}


def test_request_params_prefer_the_posted_value():
    request = RequestFactory().post("/x/?parent=1&page=0", {"parent": "2"})
    assert params.int_param(request, "parent") == 2
    assert params.page_param(request) is None  # pages start at 1
    request = RequestFactory().get("/x/", {"date": "2026-03-01", "mode": "copy"})
    assert params.date_param(request, "date") == datetime.date(2026, 3, 1)
    assert params.choice_param(request, "mode", {"blank", "copy"}) == "copy"
    assert params.choice_param(request, "other", {"x"}, "x") == "x"
