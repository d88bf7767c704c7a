import time

from django.core.management.base import BaseCommand, CommandError

from tasks.demo.seeding import PASSWORD, seed


class Command(BaseCommand):
    help = "Create benchmark data: a federation with many units and a large published plan."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=300)
        parser.add_argument("--tasks", type=int, default=10000)
        parser.add_argument("--plans", type=int, default=20, help="plans the tasks are spread over")
        parser.add_argument(
            "--seed", dest="rng_seed", type=int, default=1, help="random seed (same data each run)"
        )

    def handle(self, *args, units, tasks, plans, rng_seed, **options):
        if units < 2 or tasks < 1:
            raise CommandError("--units must be at least 2 and --tasks at least 1")
        started = time.perf_counter()
        seeded = seed(units=units, tasks=tasks, plans=plans, rng_seed=rng_seed)
        self.stdout.write(
            f"Seeded {units} units and {tasks} tasks in {len(seeded.plans)} plans (ids "
            f"{seeded.plans[0].pk}–{seeded.plans[-1].pk}), with last year's plans, in "
            f"{time.perf_counter() - started:.1f} s."
        )
        self.stdout.write(
            f"Logins (password {PASSWORD}): {seeded.leader.username}, "
            f"{seeded.planner.username}, {seeded.reporter.username}"
        )
