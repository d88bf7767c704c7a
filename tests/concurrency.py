"""Races for the tests that show row locks at work: several threads released at once, on
PostgreSQL only (SQLite serialises every write and cannot show a race)."""

import threading

import pytest
from django.db import connection, connections


@pytest.fixture
def postgresql():
    """Skip outside PostgreSQL (in CI, where it runs, a skip fails the run)."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (DATABASE_URL=postgres://…): row locks are what is tested, and "
            "SQLite serialises all writes"
        )


def at_once(count, work):
    """Run ``work(i)`` in ``count`` threads released together; (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, [None] * count

    def run(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as error:  # collected and asserted by the test
            errors[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors
