"""python manage.py check_figures [--rebuild]

Compares the maintained figures (the dashboard's, and the units' tasks not acknowledged the
review queue reads) with a count made afresh from the data
(tasks.dashboard.upkeep.drift; the fresh count is rolled back). Prints "No drift." and ends
with status 0, or lists what differs (a few rows per table: the kept value, then the fresh one)
and ends with status 1; ``--rebuild`` then counts everything afresh."""

from django.core.management.base import BaseCommand, CommandError

from tasks.dashboard import upkeep


class Command(BaseCommand):
    help = "Check the maintained figures (dashboard, review queue) against a fresh count."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="count everything afresh if drift is found"
        )

    def handle(self, *args, rebuild, **options):
        found = upkeep.drift()
        if not found:
            self.stdout.write("No drift.")
            return
        for table, key, kept, fresh in found:
            self.stdout.write(f"{table} {key}: kept {kept}, counted {fresh}")
        if rebuild:
            upkeep.rebuild()
            self.stdout.write("Counted afresh.")
        raise CommandError("The maintained figures have drifted.", returncode=1)
