"""Prometheus metrics: requests by view, method and status with a latency histogram, plus gauges read at scrape.

Under gunicorn every worker process counts its own requests: with ``PROMETHEUS_MULTIPROC_DIR`` set (an empty
directory, wiped at each start: ``deploy/gunicorn.conf.py`` does it) the workers write their counts there and a
scrape adds them up. Without it (the demo, tests) the counts live in the process.

Gauges about the queue, imports and the outbox are computed from the database when Prometheus scrapes, by the
collectors that ``TAMKEEN_METRICS_COLLECTORS`` names, so they are the same whichever worker answers.
``/metrics/`` answers only a caller holding ``TAMKEEN_METRICS_TOKEN`` (``Authorization: Bearer …``) or coming
from an address in ``TAMKEEN_METRICS_ALLOWED_IPS``; anyone else gets a 404. No label carries a person's data.
"""

from __future__ import annotations

import hmac
import os

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.module_loading import import_string
from prometheus_client import REGISTRY as PROCESS_REGISTRY
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

REQUESTS = Counter(
    "tamkeen_http_requests",
    "Requests answered, by view name, method and status.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "tamkeen_http_request_duration_seconds",
    "Time to answer a request, by view name and method.",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


def observe_request(view: str | None, method: str, status: int, seconds: float) -> None:
    # Unresolved paths (404s of anything a scanner tries) share one label, so labels stay few.
    view = view or "unresolved"
    REQUESTS.labels(view, method, str(status)).inc()
    LATENCY.labels(view, method).observe(seconds)


def allowed(request) -> bool:
    token = getattr(settings, "TAMKEEN_METRICS_TOKEN", "")
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    return request.META.get("REMOTE_ADDR") in getattr(settings, "TAMKEEN_METRICS_ALLOWED_IPS", ())


class DatabaseGauges:
    """A collector whose gauges come from functions returning (name, help, labels, [(label values, value)])."""

    def __init__(self, sources):
        self.sources = sources

    def collect(self):
        for source in self.sources:
            for name, documentation, labels, samples in source():
                family = GaugeMetricFamily(name, documentation, labels=labels)
                for values, value in samples:
                    family.add_metric(values, value)
                yield family


def exposition() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
        counted = generate_latest(registry)
    else:
        counted = generate_latest(PROCESS_REGISTRY)
    gauges = CollectorRegistry()
    gauges.register(DatabaseGauges([import_string(path) for path in settings.TAMKEEN_METRICS_COLLECTORS]))
    return counted + generate_latest(gauges)


def metrics(request):
    if request.method != "GET" or not allowed(request):
        raise Http404
    response = HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
