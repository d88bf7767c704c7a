from django.core.management.base import BaseCommand

from plans.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from plans.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo units, plans and accounts (safe to run again)."

    def handle(self, *args, **options):
        created = load_demo()
        for plan in created:
            self.stdout.write(f"  + {plan.year} {plan.title}")
        if not created:
            self.stdout.write("Demo data already loaded.")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password: {DEMO_PASSWORD}):"))
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account['username']:<10} {account['description']}")
