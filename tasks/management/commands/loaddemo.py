from django.core.management.base import BaseCommand
from django.utils import timezone

from plans.demo.accounts import login_lines
from plans.demo.loader import load_demo
from plans.models import Plan
from tasks.demo import activity as demo_activity
from tasks.demo import assessment as demo_assessment
from tasks.demo import rounds as demo_rounds
from tasks.reminders import sweep, workdays


class Command(BaseCommand):
    help = "Load the demo units, plans and accounts (safe to run again)."

    def handle(self, *args, **options):
        # The demo's deadlines sit around the last working day, and that day's reminders are
        # recorded now: the worker delivers them when it starts, even on a weekend.
        today = timezone.localdate()
        day = today if workdays.is_working_day(today) else workdays.add_working_days(today, -1)
        created = load_demo(today=day)
        for plan in created:
            self.stdout.write(f"  + {plan.year} {plan.title}")
        if created:
            for plan in created:
                if plan.status == Plan.Status.PUBLISHED:
                    demo_activity.add_activity(plan, day)
                    demo_assessment.add_assessment(plan)
                    demo_rounds.add_rounds(plan, day)
            recorded = sweep.run(day)
            self.stdout.write(
                f"  Reminders of {day}: {len(recorded.due)} recorded, "
                f"{len(recorded.delivery_ids)} deliveries queued for the worker."
            )
        else:
            self.stdout.write("Demo data already loaded.")
        heading, *accounts = login_lines()
        self.stdout.write(self.style.SUCCESS(heading))
        for line in accounts:
            self.stdout.write(line)
