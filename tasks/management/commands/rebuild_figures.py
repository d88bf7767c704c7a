"""python manage.py rebuild_figures

Counts the maintained figures (the dashboard's, and the units' tasks not acknowledged the review
queue reads) afresh from the data (tasks.dashboard.upkeep.rebuild): after the migration that
adds them on a database that already has plans, after a restore, or when ``check_figures`` finds
drift. Safe while the portal runs: changes made meanwhile are taken in afterwards."""

import time

from django.core.management.base import BaseCommand

from tasks.dashboard import upkeep
from tasks.models import CountedTask, SectionCount, UnitCount


class Command(BaseCommand):
    help = "Count the maintained figures (dashboard, review queue) afresh from every task."

    def handle(self, *args, **options):
        started = time.perf_counter()
        upkeep.rebuild()
        self.stdout.write(
            f"Counted {CountedTask.objects.count()} tasks into {SectionCount.objects.count()} "
            f"section and {UnitCount.objects.count()} unit rows in "
            f"{time.perf_counter() - started:.1f} s."
        )
