"""python manage.py assessment PLAN_ID [--json]

Prints the assessment (结果考评) of a plan as of today: per lead unit, in the federation's unit
order, each criterion's figures and points, the adjustments, the total and the rank
(``{"units": [{"unit", "score", "rank", "points", "adjustment", "on_time": {…}, …}]}`` with
--json). A plan that does not exist, or a draft, ends with status 2 and a one-line message."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plans.models import Plan
from tasks.assessment import scoring
from unionplans.lib import params


class Command(BaseCommand):
    help = "Show the assessment of a plan: each lead unit's score, its breakdown and rank."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", help="the plan's id (as in /plans/ID/)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        pk = params.parse_int(str(options["plan_id"]))
        plan = Plan.objects.filter(pk=pk).first() if pk is not None else None
        if plan is None:
            raise CommandError(f"There is no plan {options['plan_id']}.", returncode=2)
        if plan.status == Plan.Status.DRAFT:
            raise CommandError(f"Plan {plan.pk} is a draft: it has no assessment.", returncode=2)
        table = scoring.table(plan, timezone.localdate())
        if options["json"]:
            units = [row.as_json() for row in table.rows]
            self.stdout.write(json.dumps({"units": units}, ensure_ascii=False))
            return
        names = [name for name, _label, _weight in table.criteria]
        header = ["rank", "unit", *[f"{n} ({table.weights[n]})" for n in names]]
        self.stdout.write("\t".join([*header, "adjustment", "score"]))
        for row in table.rows:
            cells = [str(row.rank), row.unit]
            for criterion in row.criteria:
                cells.append(f"{criterion.points} [{criterion.achieved}/{criterion.counted}]")
            cells += [row.adjustment_display or "0", str(row.total)]
            self.stdout.write("\t".join(cells))
