"""python manage.py round_status ROUND_ID [--json]

Prints how each unit stands in a reporting round: tasks asked, answered, missing, late
(``{"units": [{"unit", "tasks", "answered", "missing", "late"}]}`` with --json). An unknown
round ends with status 2 and a one-line message."""

import json

from django.core.management.base import BaseCommand, CommandError

from tasks.models import Round
from tasks.rounds import service
from unionplans.lib import params


class Command(BaseCommand):
    help = "Show, per unit, the answers of a reporting round."

    def add_arguments(self, parser):
        parser.add_argument("round_id", help="the round's id (as in /rounds/ID/)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        pk = params.parse_int(str(options["round_id"]))
        rnd = Round.objects.filter(pk=pk).first() if pk is not None else None
        if rnd is None:
            raise CommandError(f"There is no round {options['round_id']}.", returncode=2)
        statuses = service.unit_statuses(rnd)
        if options["json"]:
            units = [status.as_json() for status in statuses]
            self.stdout.write(json.dumps({"units": units}, ensure_ascii=False))
            return
        for s in statuses:
            self.stdout.write(
                f"{s.unit}\t{s.tasks} tasks\t{s.answered} answered\t{s.missing} missing"
                f"\t{s.late} late"
            )
