"""Every URL of the assessment × every role. Planners of the plan's federation (and
administrators) set the scheme and adjust; leaders see and export the table; a unit sees its own
row only; another federation or a unit without a task in the plan gets a 404. Each allowed POST
changes what it should, and each refused one changes nothing."""

import pytest
from django.urls import reverse

from tasks.models import AssessmentScheme, ScoreAdjustment
from tests.matrix import LOGIN, cases, log_in

# name: (method, url name, data)
URLS = {
    "assessment": ("get", "assessment", None),
    "assessment_scheme": ("get", "assessment_scheme", None),
    "assessment_scheme_save": (
        "post",
        "assessment_scheme",
        lambda w: {"on_time": 50, "targets": 20, "rounds": 20, "reviews": 10},
    ),
    "assessment_adjust": ("get", "assessment_adjust", None),
    "assessment_adjust_save": (
        "post",
        "assessment_adjust",
        lambda w: {"unit": w.unit_a.pk, "points": "2", "reason": "表现突出"},
    ),
    "assessment_export": ("get", "assessment_export", None),
}

EXPECTED = {
    #                         anon   planner lead supp other leader admin other_planner
    "assessment":             (LOGIN, 200, 200, 200, 404, 200, 200, 404),
    "assessment_scheme":      (LOGIN, 200, 403, 403, 404, 403, 200, 404),
    "assessment_scheme_save": (LOGIN, 302, 403, 403, 404, 403, 302, 404),
    "assessment_adjust":      (LOGIN, 200, 403, 403, 404, 403, 200, 404),
    "assessment_adjust_save": (LOGIN, 302, 403, 403, 404, 403, 302, 404),
    "assessment_export":      (LOGIN, 200, 403, 403, 404, 200, 200, 404),
}  # fmt: skip

CASES = cases(EXPECTED)


def _state():
    return (
        list(AssessmentScheme.objects.values_list("on_time", "targets", "rounds", "reviews")),
        ScoreAdjustment.objects.count(),
    )


@pytest.mark.parametrize(("url_name", "role", "expected"), CASES)
def test_permission_matrix(client, world, url_name, role, expected):
    method, name, data = URLS[url_name]
    url = reverse(f"tasks:{name}", args=[world.plan.pk])
    log_in(client, world, role)
    before = _state()
    response = getattr(client, method)(url, data(world) if data else None)
    after = _state()
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{role} {method.upper()} {url_name}"
    if method == "post":
        assert (after != before) == (expected == 302), f"{role} {url_name}: {before} → {after}"
