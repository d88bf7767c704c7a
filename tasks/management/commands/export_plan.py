"""python manage.py export_plan PLAN_ID --format docx|xlsx [--output FILE]

Writes the plan as a Word document in the official-document layout, or its ledger (台账) as
an Excel workbook. An unknown plan or format ends with status 2 and a one-line message."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.exporting import FORMATS, common
from plans.exporting.docx import export_docx
from plans.models import Plan
from tasks.workspace.ledger import export_xlsx
from unionplans.lib import params


class Command(BaseCommand):
    help = "Export a plan as .docx (the official document) or .xlsx (the ledger)."

    def add_arguments(self, parser):
        parser.add_argument("plan_id", help="the plan's id (as in /plans/ID/)")
        parser.add_argument(
            "--format", dest="format", default="docx", help="docx or xlsx (default docx)"
        )
        parser.add_argument(
            "--output", help="the file to write (default: the plan's title in this folder)"
        )

    def handle(self, *args, **options):
        export_format = (options["format"] or "").lower().lstrip(".")
        if export_format not in FORMATS:
            raise CommandError(
                f"Unknown format {options['format']!r}: use docx or xlsx.", returncode=2
            )
        plan_id = options["plan_id"]
        pk = params.parse_int(str(plan_id))
        plan = (
            Plan.objects.select_related("owner").filter(pk=pk).first() if pk is not None else None
        )
        if plan is None:
            raise CommandError(f"There is no plan {plan_id}.", returncode=2)
        data = export_docx(plan) if export_format == "docx" else export_xlsx(plan)
        output = Path(options["output"] or common.filename(plan, export_format))
        try:
            output.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.", returncode=1) from None
        self.stdout.write(f"{output} ({len(data)} bytes)")
