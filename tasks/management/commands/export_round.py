"""python manage.py export_round ROUND_ID --format docx|xlsx [--output FILE]

Writes the compilation of a reporting round (进展情况汇总): as Word, the compilation as edited in
the portal (generated now when none was saved); as Excel, a row per task and unit with the
answers. An unknown round or format ends with status 2 and a one-line message."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tasks.models import Round
from tasks.writings import compilation, export, service, workbook
from unionplans.lib import params

FORMATS = ("docx", "xlsx")


class Command(BaseCommand):
    help = "Export the compilation of a reporting round as .docx or .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("round_id", help="the round's id (as in /rounds/ID/)")
        parser.add_argument(
            "--format", dest="format", default="docx", help="docx or xlsx (default docx)"
        )
        parser.add_argument(
            "--output", help="the file to write (default: the compilation's title in this folder)"
        )

    def handle(self, *args, **options):
        export_format = (options["format"] or "").lower().lstrip(".")
        if export_format not in FORMATS:
            raise CommandError(
                f"Unknown format {options['format']!r}: use docx or xlsx.", returncode=2
            )
        pk = params.parse_int(str(options["round_id"]))
        rnd = (
            Round.objects.select_related("plan", "plan__owner").filter(pk=pk).first()
            if pk is not None
            else None
        )
        if rnd is None:
            raise CommandError(f"There is no round {options['round_id']}.", returncode=2)
        if export_format == "docx":
            writing = service.compilation_to_export(rnd)
            data, title = export.docx(writing), writing.title
        else:
            title = compilation.title(rnd)
            data = workbook.xlsx(compilation.gather(rnd), title)
        output = Path(options["output"] or f"{export.safe_name(title)}.{export_format}")
        write(self, output, data)


def write(command, output, data):
    """Write ``data`` to ``output`` and say so; a file that cannot be written exits 1."""
    try:
        output.write_bytes(data)
    except OSError as error:
        raise CommandError(f"Cannot write {output}: {error.strerror}.", returncode=1) from None
    command.stdout.write(f"{output} ({len(data)} bytes)")
