"""python manage.py send_reminders [--date YYYY-MM-DD] [--dry-run] [--json]

Runs the reminder sweep (tasks.reminders) for a day, today in Asia/Shanghai by default: records
what is due and queues it for the worker. ``--dry-run`` saves and sends nothing; with ``--json``
it prints exactly one JSON list on stdout, one object per reminder and channel. Safe to run again
for the same day, or for a missed day: each reminder is recorded once.
"""

import datetime
import json
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tasks.reminders import sweep, workdays


class Command(BaseCommand):
    help = "Record the reminders due on a day and queue them (or show them with --dry-run)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to sweep, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what is due; save and send nothing"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON list")

    def handle(self, *args, **options):
        day = _parse_date(options["date"]) if options["date"] else timezone.localdate()
        dry_run = options["dry_run"]
        result = sweep.run(day, dry_run=dry_run)
        due = result if dry_run else result.due
        rows = [row for item in due for row in item.rows()]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        if not workdays.is_working_day(day):
            self.stdout.write(f"{day} is not a working day: no reminders go out.")
            return
        for row in rows:
            self.stdout.write(
                f"{row['due_date']}  {row['kind']:<10}  {row['channel']:<8}  "
                f"{row['recipient']}  {row['task_title'] or ''}"
            )
        verb = "due (dry run, nothing saved)" if dry_run else "recorded and queued"
        self.stdout.write(
            self.style.SUCCESS(f"{day}: {len(due)} reminders {verb}, {len(rows)} deliveries.")
        )


def _parse_date(value):
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        # One line on stderr and exit status 2, like any other usage error.
        raise CommandError(
            f"--date must be a date as YYYY-MM-DD, not {value!r}.", returncode=2
        ) from None
