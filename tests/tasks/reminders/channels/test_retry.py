import random

from tasks.reminders.channels import TemporaryFailure
from tasks.reminders.channels.retry import BASE_DELAY, MAX_DELAY, backoff, retry_delay


def test_backoff_grows_exponentially_with_jitter_and_is_capped():
    rng = random.Random(7)
    for attempt in range(1, 12):
        ceiling = min(MAX_DELAY, BASE_DELAY * 2 ** (attempt - 1))
        for _ in range(20):
            assert ceiling / 2 <= backoff(attempt, rng=rng) <= ceiling
    assert backoff(10_000, rng=rng) <= MAX_DELAY
    assert backoff(0, rng=rng) <= BASE_DELAY  # nonsense attempts count as the first


def test_jitter_spreads_the_delays():
    rng = random.Random(1)
    assert len({round(backoff(3, rng=rng), 3) for _ in range(10)}) > 5


def test_a_wait_the_service_asked_for_is_kept():
    rng = random.Random(3)
    failure = TemporaryFailure("wait", retry_after=600.0)
    for attempt in (1, 5):
        assert 600.0 <= retry_delay(failure, attempt, rng=rng) <= 600.0 + 30 + 1
    unknown = TemporaryFailure("busy")
    assert BASE_DELAY / 2 <= retry_delay(unknown, 1, rng=rng) <= BASE_DELAY
