"""/metrics: the counts of consult.metrics and the gauges read when scraped, for an allowed scraper only (see
consult.metrics for what is counted, and who may read it)."""

import ipaddress
import os
import secrets
import time

from flask import abort, current_app, request
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from sqlalchemy import func, select

from consult.database import utcnow
from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.metrics import LATENCY, OPINIONS, PAGE_CACHE, REFUSED, REQUESTS


def init_metrics(app):
    """Time and count every request, and serve /metrics, when METRICS_ENABLED."""
    if not app.config.get("METRICS_ENABLED"):
        return

    @app.before_request
    def start_timer():
        request.environ["consult.metrics_started"] = time.perf_counter()

    @app.after_request
    def observe(response):
        started = request.environ.pop("consult.metrics_started", None)
        endpoint = request.endpoint or "unmatched"
        if started is not None:
            LATENCY.labels(endpoint).observe(time.perf_counter() - started)
        REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
        if response.status_code == 429:  # whichever handler answered the refusal
            REFUSED.labels(endpoint).inc()
        return response

    app.add_url_rule("/metrics", "metrics", metrics_page)


def metrics_page():
    """The metrics in Prometheus' text format, for an allowed scraper only."""
    if not _allowed():
        abort(404)
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        for collector in (REQUESTS, LATENCY, OPINIONS, REFUSED, PAGE_CACHE):
            registry.register(collector)
    registry.register(_ReadWhenScraped(current_app._get_current_object()))
    response = current_app.response_class(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response


def _allowed():
    token = current_app.config.get("METRICS_TOKEN")
    if token:
        sent = request.headers.get("Authorization", "")
        return secrets.compare_digest(sent.encode(), f"Bearer {token}".encode())
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return address.is_loopback or address.is_private


class _ReadWhenScraped:
    """Gauges read at each scrape: the moderation queue (one indexed aggregate) and the job queue (Redis)."""

    def __init__(self, app):
        self.app = app

    def collect(self):
        pending, oldest = db.session.execute(
            select(func.count(), func.min(Feedback.created_at)).where(Feedback.status == FeedbackStatus.PENDING)
        ).one()
        yield GaugeMetricFamily("consult_moderation_pending", "Opinions waiting for a moderator", value=pending)
        age = 0.0
        if oldest is not None:
            age = (utcnow() - oldest).total_seconds()
        yield GaugeMetricFamily(
            "consult_moderation_oldest_pending_seconds", "Age of the oldest opinion waiting for a moderator", value=age
        )
        queue = self.app.extensions.get("rq_queue")
        if queue is not None:
            yield GaugeMetricFamily("consult_jobs_queued", "Jobs waiting in the queue", value=queue.count)
            yield GaugeMetricFamily(
                "consult_jobs_failed", "Jobs in the queue's failed registry", value=queue.failed_job_registry.count
            )
