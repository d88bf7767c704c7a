"""python manage.py import_plan PATH [--year N] [--owner UNIT] [--dry-run] [--json]

Other tools rely on this contract: with --dry-run --json exactly one JSON object on stdout and
nothing saved; an unreadable or unsupported file exits with status 2 and one line on stderr.
With --owner (dry run or not), a plan of the same title and year in the owner's federation is
one of the warnings.
"""

import json
import sys
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand

from plans.importing import DocumentError, duplicates, parse_document
from plans.importing.saving import Saver
from plans.models import Unit
from unionplans.lib import params


class UsageError(Exception):
    """Bad input: reported on one line, exit status 2."""


def find_owner(text):
    """The unit named by ``text``: an id, a name, or "federation/unit"."""
    if (pk := params.parse_int(text)) is not None:
        units = Unit.objects.filter(pk=pk)
    elif "/" in text:
        federation, name = (part.strip() for part in text.split("/", 1))
        units = Unit.objects.filter(name=name, federation__name=federation)
        if federation == name:
            units = Unit.objects.filter(name=name, federation=None)
    else:
        units = Unit.objects.filter(name=text.strip())
    found = list(units[:2])
    if not found:
        raise UsageError(f"no unit {text!r}")
    if len(found) > 1:
        raise UsageError(f"several units are called {text!r}: write it as 'federation/unit'")
    return found[0]


class Command(BaseCommand):
    help = (
        "Import a plan from a .docx, .doc, .wps, .pdf, .xlsx, .xls, .et or .txt file (as a "
        "draft), or check what would be read."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="the document: .docx, .doc, .wps, .pdf, .xlsx, .xls, .et or .txt"
        )
        parser.add_argument("--year", type=int, help="the plan's year, if the document's is wrong")
        parser.add_argument("--owner", help="owner unit: id, name or 'federation/unit'")
        parser.add_argument("--dry-run", action="store_true", help="parse only, save nothing")
        parser.add_argument("--json", action="store_true", help="print the plan as JSON")

    def handle(self, *args, **options):
        try:
            self._import(options)
        except (UsageError, DocumentError) as error:
            message = " ".join(str(error).split())
            sys.stderr.write(f"import_plan: {message}\n")
            sys.exit(2)

    def _import(self, options):
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UsageError(f"cannot read {path}: {error.strerror or error}") from None
        owner = None
        if options["owner"]:
            # A dry run with an owner is checked against the owner's federation; without one
            # it reads the document alone, touching no database.
            owner = find_owner(options["owner"])
        elif not options["dry_run"]:
            raise UsageError("--owner is required to save a plan (or use --dry-run)")
        parsed = parse_document(data, path.name, year=options["year"])
        if owner is not None:
            same = duplicates.plans_like(owner.federation_root, parsed.title, parsed.year)
            parsed.warnings.extend(duplicates.warning(plan) for plan in same)
        result = parsed.to_dict()
        if owner is not None and not options["dry_run"]:
            if parsed.year is None:
                raise UsageError("the document names no year: give it with --year")
            plan = Saver(owner).save(parsed, source_file=ContentFile(data, name=path.name))
            result["id"] = plan.pk
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self._summary(parsed, result.get("id"))

    def _summary(self, parsed, plan_id):
        tasks = list(parsed.all_tasks())
        self.stdout.write(f"{parsed.title} ({parsed.year or 'year unknown'})")
        self.stdout.write(f"  {len(parsed.sections)} sections, {len(tasks)} tasks")
        for warning in parsed.warnings:
            self.stdout.write(f"  ! {warning}")
        if plan_id:
            self.stdout.write(self.style.SUCCESS(f"Saved as draft plan {plan_id}."))
        else:
            self.stdout.write("Dry run: nothing saved.")
