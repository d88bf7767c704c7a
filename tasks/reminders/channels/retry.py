"""How long to wait before trying a temporary failure again.

Exponential backoff with jitter, capped: 30 s, 1 min, 2 min, 4 min… up to an hour, each drawn at
random between half and all of that, so that the robots of many units that failed together do
not all come back in the same second. A wait the service or our rate limiter asked for
(``TemporaryFailure.retry_after``) is kept, with a little jitter added: the messages held back by
one robot's limit then come back spread out rather than all at once.
"""

import random

BASE_DELAY = 30.0
MAX_DELAY = 3600.0
# Retries before a delivery is given up: with the delays above, two to four hours of trying
# (long enough to ride out a robot's ten-minute block or a mail server's restart). The caller then
# treats it as a permanent failure: mark the channel broken, tell the planner.
MAX_ATTEMPTS = 10


def backoff(attempt: int, *, base=BASE_DELAY, cap=MAX_DELAY, rng=random) -> float:
    """Seconds to wait before retry number ``attempt`` (1 for the first retry)."""
    attempt = max(int(attempt), 1)
    # min() before the power would overflow on absurd attempt numbers.
    ceiling = min(cap, base * 2 ** min(attempt - 1, 32))
    return rng.uniform(ceiling / 2, ceiling)


def retry_delay(failure, attempt: int, *, rng=random) -> float:
    """Seconds to wait after ``failure`` (a TemporaryFailure) before retry number ``attempt``."""
    asked = getattr(failure, "retry_after", None)
    if asked is None:
        return backoff(attempt, rng=rng)
    asked = max(float(asked), 0.0)
    return asked + rng.uniform(0, min(asked * 0.2, 30.0)) + rng.uniform(0, 1.0)
