"""Exponential backoff of failed sign-in steps, per account.

An account (its email's keyed hash, known or not, so a refusal tells nobody who has one; or the account waiting for
its second-step code) may fail LOGIN_FREE_FAILURES times; each failure after those closes it for
LOGIN_BACKOFF_SECONDS, doubled at every further failure, up to LOGIN_BACKOFF_MAX_SECONDS. A success forgets the
failures; so does a day without one. The counts live in the rate limiter's storage (Redis when REDIS_URL is set), so
every app process sees them. The per-address limits of the views stay next to this.
"""

import time

from flask import current_app

from consult.extensions import limiter

FAILURES_KEPT_SECONDS = 24 * 3600


def _keys(account):
    return "backoff:failures:" + account, "backoff:closed:" + account


def wait_seconds(account):
    """Seconds until `account` may try again (0: it may now)."""
    if not current_app.config["RATELIMIT_ENABLED"]:
        return 0
    closed = _keys(account)[1]
    if not limiter.storage.get(closed):
        return 0
    return max(1, int(limiter.storage.get_expiry(closed) - time.time() + 0.999))


def delay_after(failures, config):
    """Seconds an account stays closed after its `failures`-th failure in a row."""
    beyond = failures - config["LOGIN_FREE_FAILURES"]
    if beyond <= 0:
        return 0
    return min(config["LOGIN_BACKOFF_SECONDS"] * 2 ** (beyond - 1), config["LOGIN_BACKOFF_MAX_SECONDS"])


def failed(account):
    """Count a failed step of `account`; close it for a while once it is past its free failures."""
    config = current_app.config
    if not config["RATELIMIT_ENABLED"]:
        return
    failures_key, closed_key = _keys(account)
    delay = delay_after(limiter.storage.incr(failures_key, FAILURES_KEPT_SECONDS), config)
    if delay:
        limiter.storage.clear(closed_key)  # a counter's expiry is set when it is made: make it anew
        limiter.storage.incr(closed_key, delay)


def succeeded(account):
    """Forget the failures of `account`."""
    if current_app.config["RATELIMIT_ENABLED"]:
        for key in _keys(account):
            limiter.storage.clear(key)
