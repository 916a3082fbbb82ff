"""Keyed hashes of what identifies a sender (an IP address, a contact): limits and blocks use them, never the value.

The key is derived from SECRET_KEY, one per purpose, so a leaked hash cannot be matched against a list of
addresses without the key, and hashes made for one purpose say nothing for another.
"""

import functools
import hashlib
import hmac

from flask import current_app, g, request


@functools.lru_cache(maxsize=16)
def _derived_key(secret_key, purpose):
    """Derive a key once per process and purpose: the opinion form derives it on every POST."""
    return hmac.new(secret_key.encode(), purpose.encode(), hashlib.sha256).digest()


def hash_value(value, purpose="client"):
    """Return a salted, keyed hash of a value (an IP address, a contact), for limits and abuse checks."""
    key = _derived_key(current_app.config["SECRET_KEY"], purpose)
    return hmac.new(key, (value or "").encode(), hashlib.sha256).hexdigest()[:32]


def client_key():
    """Return the hashed address of the client of the current request (the rate limits' key).

    Made once per request (kept on flask.g): every rate limit of a route and the stored opinion use it.
    """
    key = g.get("client_key")
    if key is None:
        key = g.client_key = hash_value(request.remote_addr or "unknown", "client")
    return key
