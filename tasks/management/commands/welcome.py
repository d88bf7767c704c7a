"""``make run``'s last word: once the web server answers, the address and the demo logins.

Run by honcho beside the web server, worker and beat (Procfile), so that what a newcomer sees
last on the screen is where to go and how to log in, not the servers' start-up chatter."""

import socket
import time

from django.core.management.base import BaseCommand

from plans.demo.accounts import login_lines
from tasks.reminders.delivery import anything_due


def _answers(host, port):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


class Command(BaseCommand):
    help = "Wait until the web server listens, then print its address and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--timeout", type=float, default=120, help="seconds to wait")
        parser.add_argument("--exit", action="store_true", help="exit after printing (tests)")

    def handle(self, *args, host, port, timeout, exit, **options):
        deadline = time.monotonic() + timeout
        while not _answers(host, port):
            if time.monotonic() > deadline:
                self.stderr.write(f"The web server did not start on {host}:{port}.")
                return
            time.sleep(0.5)
        # The worker starts by sending the demo's reminders (the console shows the emails):
        # wait until it is through them, so that they do not bury the logins.
        while anything_due() and time.monotonic() < deadline:
            time.sleep(1)
        time.sleep(1)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"UnionPlans: http://{host}:{port}/"))
        for line in login_lines():
            self.stdout.write(line)
        self.stdout.write("Ctrl-C stops the web server, the worker and beat.")
        # honcho stops every process when one exits: stay until it stops us.
        while not exit:
            time.sleep(3600)
