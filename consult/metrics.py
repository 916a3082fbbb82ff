"""Prometheus metrics, when METRICS_ENABLED (served at /metrics by consult.metrics_page): requests and their
latency by endpoint, opinions stored by channel, rate-limit refusals, page cache hits and misses (counted in each
process); the moderation queue's depth and oldest pending opinion, and the job queue's depth and failures (read
when scraped).

Under gunicorn with several workers, set PROMETHEUS_MULTIPROC_DIR to an empty folder shared by the workers (cleared
at each start): prometheus-client then writes each process's counts there and /metrics adds them up.

/metrics answers only a scraper holding METRICS_TOKEN (`Authorization: Bearer …`), or, with no token set, one
calling from this machine or a private network; anyone else gets 404, as if it did not exist. With metrics off
(the default) a request costs one settings check here, no count.
"""

from flask import current_app, has_app_context
from prometheus_client import Counter, Histogram

REQUESTS = Counter("consult_http_requests_total", "HTTP requests answered by the app", ["endpoint", "method", "status"])
LATENCY = Histogram(
    "consult_http_request_duration_seconds",
    "Time the app took to answer, by endpoint",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
OPINIONS = Counter("consult_opinions_stored_total", "Opinions stored, by channel", ["channel"])
REFUSED = Counter("consult_rate_limit_refusals_total", "Requests refused by a rate limit (429)", ["endpoint"])
PAGE_CACHE = Counter("consult_page_cache_lookups_total", "Page cache lookups, by result", ["result"])


def metrics_on():
    """Whether this app counts (METRICS_ENABLED); outside an app there is nothing to count for."""
    return has_app_context() and current_app.config.get("METRICS_ENABLED", False)


def count_opinions_stored(rows):
    """Count opinions just stored (an iterable of their row dicts, with a channel)."""
    if metrics_on():
        for row in rows:
            OPINIONS.labels(row.get("channel") or "web").inc()


def count_page_cache(hit, config=None):
    """Count one page cache lookup (`config`: the app's, where there is no app context, in the cache's front)."""
    if (config if config is not None else current_app.config).get("METRICS_ENABLED", False):
        PAGE_CACHE.labels("hit" if hit else "miss").inc()
