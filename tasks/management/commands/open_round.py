"""python manage.py open_round PLAN_ID --name NAME --due YYYY-MM-DD [--json]

Opens a reporting round over all open tasks of the plan, asking their lead units, and prints its
id (``{"id": …}`` with --json). A bad id or date ends with status 2 and a one-line message."""

import json

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from tasks.rounds import service
from unionplans.lib import params


class Command(BaseCommand):
    help = "Open a reporting round on a published plan (lead units of its open tasks answer)."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", help="the plan's id (as in /plans/ID/)")
        parser.add_argument("--name", required=True, help="the round's name")
        parser.add_argument("--due", required=True, help="the due date, YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help='print {"id": …}')

    def handle(self, *args, **options):
        pk = params.parse_int(str(options["plan_id"]))
        plan = Plan.objects.filter(pk=pk).first() if pk is not None else None
        if plan is None:
            raise CommandError(f"There is no plan {options['plan_id']}.", returncode=2)
        due = params.parse_date(options["due"])
        if due is None:
            raise CommandError(f"Bad date {options['due']!r}: use YYYY-MM-DD.", returncode=2)
        name = (options["name"] or "").strip()
        if not name:
            raise CommandError("Give the round a name.", returncode=2)
        try:
            rnd = service.open_round(None, plan, name=name[:200], due_date=due)
        except service.RoundError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(json.dumps({"id": rnd.pk}) if options["json"] else str(rnd.pk))
