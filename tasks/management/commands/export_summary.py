"""python manage.py export_summary PLAN_ID [--output FILE]

Writes the year-end summary (年度工作总结) of a plan as Word: the summary as edited in the portal,
or generated now when none was saved. An unknown plan ends with status 2 and a one-line
message."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.models import Plan
from tasks.management.commands.export_round import write
from tasks.writings import export, service
from unionplans.lib import params


class Command(BaseCommand):
    help = "Export the year-end summary of a plan as .docx."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", help="the plan's id (as in /plans/ID/)")
        parser.add_argument(
            "--output", help="the file to write (default: the summary's title in this folder)"
        )

    def handle(self, *args, **options):
        pk = params.parse_int(str(options["plan_id"]))
        plan = (
            Plan.objects.select_related("owner").filter(pk=pk).first() if pk is not None else None
        )
        if plan is None:
            raise CommandError(f"There is no plan {options['plan_id']}.", returncode=2)
        writing = service.summary_to_export(plan)
        output = Path(options["output"] or f"{export.safe_name(writing.title)}.docx")
        write(self, output, export.docx(writing))
