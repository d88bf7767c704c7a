"""Per-robot rate limits, shared by every worker process.

WeCom and DingTalk accept 20 messages a minute per robot (DingTalk then blocks the robot for ten
minutes), Feishu 100 a minute and 5 a second. A sliding window counts what was sent in the last
``period`` seconds; ``acquire(key)`` takes a slot and answers 0, or answers how many seconds to
wait and takes nothing. Callers never sleep on it: a channel turns a wait into a
``TemporaryFailure(retry_after=wait)`` and the Celery task is retried later.

With ``settings.REDIS_URL`` the window lives in Redis (a sorted set per key, updated by one Lua
script so that concurrent workers cannot both take the last slot); without it, in the process's
memory, which is right for tests and for the embedded single-worker setup.
"""

import threading
import time
import uuid
from collections import deque
from typing import Protocol

from django.conf import settings

DEFAULT_LIMIT = 20
DEFAULT_PERIOD = 60.0
DEFAULT_PREFIX = "unionplans:ratelimit:"


class RateLimiterUnavailable(Exception):
    """The shared store (Redis) could not be asked."""


class RateLimiter(Protocol):
    limit: int
    period: float

    def acquire(self, key: str) -> float:
        """Take a slot for ``key`` and return 0, or return the seconds to wait (no slot taken)."""
        ...


class InMemoryRateLimiter:
    """A sliding window per key in this process's memory."""

    def __init__(self, limit=DEFAULT_LIMIT, period=DEFAULT_PERIOD, *, clock=time.monotonic):
        if limit < 1 or period <= 0:
            raise ValueError("A rate limit needs limit >= 1 and period > 0.")
        self.limit = limit
        self.period = float(period)
        self._clock = clock
        self._sent: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str) -> float:
        with self._lock:
            now = self._clock()
            sent = self._sent.setdefault(key, deque())
            while sent and sent[0] <= now - self.period:
                sent.popleft()
            if len(sent) < self.limit:
                sent.append(now)
                return 0.0
            return max(sent[0] + self.period - now, 1e-6)


# Times are Redis's own clock in microseconds, so that workers on several machines agree.
_SLIDING_WINDOW = """
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - period)
if redis.call('ZCARD', key) < limit then
    redis.call('ZADD', key, now, ARGV[3])
    redis.call('PEXPIRE', key, math.ceil(period / 1000))
    return 0
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return math.max(math.ceil(tonumber(oldest[2]) + period - now), 1)
"""


class RedisRateLimiter:
    """A sliding window per key in a Redis sorted set, shared by all processes."""

    def __init__(
        self,
        client,
        limit=DEFAULT_LIMIT,
        period=DEFAULT_PERIOD,
        *,
        prefix=DEFAULT_PREFIX,
    ):
        if limit < 1 or period <= 0:
            raise ValueError("A rate limit needs limit >= 1 and period > 0.")
        if isinstance(client, str):
            client = _redis_client(client)
        self.client = client
        self.limit = limit
        self.period = float(period)
        self.prefix = prefix
        self._script = client.register_script(_SLIDING_WINDOW)

    def acquire(self, key: str) -> float:
        import redis

        period_us = int(self.period * 1_000_000)
        try:
            wait_us = self._script(
                keys=[self.prefix + key], args=[self.limit, period_us, uuid.uuid4().hex]
            )
        except redis.RedisError as exc:
            raise RateLimiterUnavailable(str(exc)) from exc
        return int(wait_us) / 1_000_000


def _redis_client(url):
    import redis

    # Short timeouts: a sender waiting on a dead Redis would hold a worker.
    return redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3)


_limiters: dict[tuple, RateLimiter] = {}
_clients: dict[str, object] = {}
_limiters_lock = threading.Lock()


def get_rate_limiter(limit=DEFAULT_LIMIT, period=DEFAULT_PERIOD) -> RateLimiter:
    """The process's limiter for ``limit`` messages per ``period`` seconds: Redis when
    ``settings.REDIS_URL`` is set, memory otherwise. Keys are prefixed with
    ``settings.CHANNELS_RATE_LIMIT_PREFIX`` (default "unionplans:ratelimit:")."""
    url = getattr(settings, "REDIS_URL", "")
    prefix = getattr(settings, "CHANNELS_RATE_LIMIT_PREFIX", DEFAULT_PREFIX)
    cache_key = (url, prefix, limit, float(period))
    with _limiters_lock:
        limiter = _limiters.get(cache_key)
        if limiter is None:
            if url:
                # One connection pool per Redis URL, whatever the limits.
                client = _clients.get(url) or _clients.setdefault(url, _redis_client(url))
                limiter = RedisRateLimiter(client, limit, period, prefix=prefix)
            else:
                limiter = InMemoryRateLimiter(limit, period)
            _limiters[cache_key] = limiter
        return limiter


def reset_rate_limiters() -> None:
    """Forget the process's limiters and their counts (tests; after a settings change)."""
    with _limiters_lock:
        _limiters.clear()
        _clients.clear()
