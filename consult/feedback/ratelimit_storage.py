"""An in-memory rate-limit storage that expires counters when it meets them, not from timer threads.

limits' MemoryStorage starts a `threading.Timer` of 10 ms after every hit whose previous timer has run out; on the
opinion form, hit three or four times a request, that is a new thread for nearly every POST (about a third of a
millisecond of CPU each, and the GIL taken from the request). This storage reads and counts the same way, drops
an expired counter when it is next read (as MemoryStorage.get already does), and sweeps all expired counters
inline at most every SWEEP_SECONDS, so memory stays bounded without threads.

Selected with RATELIMIT_STORAGE_URI=lazymemory:// (the default when no Redis is configured). Like memory://, the
counters belong to one worker process: with several workers, set REDIS_URL so that limits are shared.
"""

import time

from limits.storage import MemoryStorage


class LazyMemoryStorage(MemoryStorage):
    """MemoryStorage for fixed-window limits without the expiry timer threads."""

    STORAGE_SCHEME = ["lazymemory"]
    SWEEP_SECONDS = 10

    def __init__(self, uri=None, wrap_exceptions=False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._next_sweep = time.time() + self.SWEEP_SECONDS

    def _sweep(self, now):
        """Drop every expired counter (and moving-window events), at most every SWEEP_SECONDS."""
        if now >= self._next_sweep:
            self._next_sweep = now + self.SWEEP_SECONDS
            self._MemoryStorage__expire_events()

    def incr(self, key, expiry, amount=1):
        """Count `amount` more hits on `key`; a counter that has expired starts again with a new expiry."""
        now = time.time()
        self._sweep(now)
        with self.locks[key]:
            if self.expirations.get(key, 0) <= now:
                self.storage.pop(key, None)
            self.storage[key] += amount
            if self.storage[key] == amount:
                self.expirations[key] = now + expiry
            return self.storage[key]

    def decr(self, key, amount=1):
        """Take `amount` hits back from `key`'s counter."""
        now = time.time()
        self._sweep(now)
        with self.locks[key]:
            if self.expirations.get(key, 0) <= now:
                self.storage.pop(key, None)
                self.expirations.pop(key, None)
            self.storage[key] = max(self.storage[key] - amount, 0)
            return self.storage[key]
