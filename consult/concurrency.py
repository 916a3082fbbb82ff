"""What kind of threads this process runs on: the operating system's, or gevent's cooperative ones (gunicorn's
gevent workers patch the standard library at start)."""

import sys


def cooperative():
    """Return whether this process runs on gevent's cooperative threads."""
    monkey = sys.modules.get("gevent.monkey")
    return bool(monkey and monkey.is_module_patched("threading"))


def blocking(func, *args):
    """Call a function that blocks in the operating system (a file lock, for instance) without stopping the
    process: on gevent, a real thread of gevent's pool waits for it while the other requests go on."""
    if cooperative():
        from gevent import get_hub

        return get_hub().threadpool.apply(func, args)
    return func(*args)
