"""The in-memory rate-limit storage: counts like limits' memory://, expires without timer threads."""

import threading

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from consult.feedback.ratelimit_storage import LazyMemoryStorage


def test_the_uri_selects_it():
    assert isinstance(storage_from_string("lazymemory://"), LazyMemoryStorage)


def test_counts_refuses_and_starts_again_after_the_window(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("consult.feedback.ratelimit_storage.time.time", lambda: clock[0])
    monkeypatch.setattr("limits.strategies.time.time", lambda: clock[0], raising=False)
    storage = LazyMemoryStorage()
    limiter, limit = FixedWindowRateLimiter(storage), parse("2 per minute")

    assert [limiter.hit(limit, "a") for _ in range(3)] == [True, True, False]
    assert limiter.hit(limit, "b")  # another key has its own counter
    clock[0] += 61
    assert limiter.hit(limit, "a")  # the window has passed: counted from one again
    assert [limiter.hit(limit, "a") for _ in range(2)] == [True, False]


def test_expired_counters_are_swept_without_threads(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("consult.feedback.ratelimit_storage.time.time", lambda: clock[0])
    monkeypatch.setattr("limits.storage.memory.time.time", lambda: clock[0])
    storage = LazyMemoryStorage()
    threads = threading.active_count()
    for number in range(100):
        storage.incr(f"contact-{number}", 60)
    assert threading.active_count() <= threads
    clock[0] += 61 + LazyMemoryStorage.SWEEP_SECONDS
    storage.incr("later", 60)
    assert set(storage.storage) == {"later"}
