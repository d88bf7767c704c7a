"""The demo's assessment (结果考评): a scheme the planners saved and one adjustment with its
reason, made through the assessment's services, so that the table shows real numbers and how
an adjustment reads."""

from decimal import Decimal

from django.db import transaction

from plans.models import Unit, User
from tasks.assessment import service

WEIGHTS = {"on_time": 40, "targets": 25, "rounds": 20, "reviews": 15}
ADJUSTED_UNIT = "夹江县总工会"
REASON = "文化驿站建设经验被省总工会作为典型推广，加2分。"


@transaction.atomic
def add_assessment(plan):
    """Save the demo's weights on ``plan`` (the demo's published plan) and add two points to a
    lead unit's score."""
    planner = User.objects.filter(username="planner").first()
    service.save_scheme(planner, plan, WEIGHTS)
    unit = service.assessed_units(plan).filter(name=ADJUSTED_UNIT).first()
    if unit is None:  # the sample changed: any other district union will do
        unit = service.assessed_units(plan).filter(kind=Unit.Kind.DISTRICT).first()
    if unit is not None:
        service.adjust(planner, plan, unit, Decimal(2), REASON)
