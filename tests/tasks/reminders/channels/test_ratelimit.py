import os
import threading
import time
import urllib.parse
import uuid

import pytest

from tasks.reminders.channels import ratelimit
from tasks.reminders.channels.ratelimit import (
    InMemoryRateLimiter,
    RateLimiterUnavailable,
    RedisRateLimiter,
    get_rate_limiter,
)
from tests.tasks.reminders.channels.conftest import free_port


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_in_memory_sliding_window():
    clock = Clock()
    limiter = InMemoryRateLimiter(3, 10.0, clock=clock)
    assert [limiter.acquire("robot-a") for _ in range(3)] == [0, 0, 0]
    clock.now += 4
    assert limiter.acquire("robot-a") == pytest.approx(6.0)
    assert limiter.acquire("robot-b") == 0  # another robot has its own window
    clock.now += 6
    assert limiter.acquire("robot-a") == 0  # the first three have left the window
    assert limiter.acquire("robot-a") == 0
    assert limiter.acquire("robot-a") == 0
    assert limiter.acquire("robot-a") > 0


def test_a_refused_acquire_takes_no_slot():
    clock = Clock()
    limiter = InMemoryRateLimiter(1, 60.0, clock=clock)
    assert limiter.acquire("k") == 0
    for _ in range(5):
        assert limiter.acquire("k") > 0
    clock.now += 60
    assert limiter.acquire("k") == 0


def test_in_memory_limiter_is_safe_across_threads():
    limiter = InMemoryRateLimiter(20, 60.0)
    results = []
    lock = threading.Lock()

    def worker():
        mine = [limiter.acquire("shared") for _ in range(10)]
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(results) == 80
    assert results.count(0) == 20


def test_get_rate_limiter_picks_memory_without_redis(settings):
    settings.REDIS_URL = ""
    ratelimit.reset_rate_limiters()
    limiter = get_rate_limiter(20, 60)
    assert isinstance(limiter, InMemoryRateLimiter)
    assert get_rate_limiter(20, 60) is limiter  # one per process, so counts persist
    assert get_rate_limiter(5, 3) is not limiter


def test_get_rate_limiter_picks_redis_when_configured(settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/14"  # not contacted until acquire
    ratelimit.reset_rate_limiters()
    limiter = get_rate_limiter(20, 60)
    assert isinstance(limiter, RedisRateLimiter)
    assert limiter.prefix == settings.CHANNELS_RATE_LIMIT_PREFIX
    assert get_rate_limiter(5, 3).client is limiter.client


def test_redis_that_cannot_be_reached_is_reported():
    limiter = RedisRateLimiter(f"redis://127.0.0.1:{free_port()}/14", 20, 60)
    with pytest.raises(RateLimiterUnavailable):
        limiter.acquire("k")


def test_limits_must_make_sense():
    with pytest.raises(ValueError):
        InMemoryRateLimiter(0, 60)
    with pytest.raises(ValueError):
        InMemoryRateLimiter(20, 0)


# --- Against the real Redis ------------------------------------------------------------------


def _redis_url_db14():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/14", "", ""))


@pytest.fixture
def redis_limiters():
    """Limiters on Redis db 14 under a prefix of their own; skipped when Redis is not running
    (a skip fails in CI, which has Redis)."""
    import redis

    url = _redis_url_db14()
    client = redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        pytest.skip(f"Redis is not reachable at {url}: {exc}")
    prefix = f"unionplans-test:{uuid.uuid4().hex}:"
    made = []

    def make(limit, period):
        # A client of its own for each limiter, as each worker process has.
        limiter = RedisRateLimiter(url, limit, period, prefix=prefix)
        made.append(limiter)
        return limiter

    yield make
    keys = list(client.scan_iter(match=f"{prefix}*", count=100))
    if keys:
        client.delete(*keys)
    for limiter in made:
        limiter.client.close()
    client.close()


@pytest.mark.services
def test_redis_sliding_window_is_shared_between_workers(redis_limiters):
    worker_1, worker_2 = redis_limiters(3, 1.0), redis_limiters(3, 1.0)
    assert worker_1.acquire("robot") == 0
    assert worker_2.acquire("robot") == 0
    assert worker_1.acquire("robot") == 0
    wait = worker_2.acquire("robot")
    assert 0 < wait <= 1.0
    assert worker_1.acquire("other-robot") == 0
    time.sleep(wait + 0.05)
    assert worker_2.acquire("robot") == 0


@pytest.mark.services
def test_redis_never_lets_two_workers_take_the_last_slot(redis_limiters):
    limiters = [redis_limiters(20, 60.0) for _ in range(8)]
    results = []
    lock = threading.Lock()

    def worker(limiter):
        mine = [limiter.acquire("busy-robot") for _ in range(10)]
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=worker, args=(limiter,)) for limiter in limiters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert len(results) == 80
    assert results.count(0) == 20
    assert all(0 < wait <= 60 for wait in results if wait)


@pytest.mark.services
def test_redis_keys_expire(redis_limiters):
    limiter = redis_limiters(5, 2.0)
    limiter.acquire("robot")
    ttl = limiter.client.pttl(limiter.prefix + "robot")
    assert 0 < ttl <= 2000
