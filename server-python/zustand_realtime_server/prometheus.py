"""`GET /metrics/prometheus`: the Node reference server's metric families (server/monitoring/prometheus.ts).

The same names, types, labels and bucket bounds, so one Grafana dashboard (monitoring/grafana-dashboard.json)
and one rules file (monitoring/alerts.rules.yml) serve both servers. Nothing is observed here: the families are
read at scrape time from the hub's counters and the collector's cumulative totals and fleet figures.
"""
from __future__ import annotations

import math
from typing import Callable, Dict, Iterator, List, Optional, Tuple

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector as PrometheusCollector

from .monitoring import BUCKET_BOUNDS_MS, Collector

__all__ = ["CONTENT_TYPE_LATEST", "RealtimeMetrics", "generate_latest", "prometheus_registry"]

CLIENT_COUNTERS: List[Tuple[str, str, str]] = [
    ("attempts", "zr_client_connection_attempts_total", "Connection attempts the clients reported"),
    ("successes", "zr_client_connection_successes_total", "Connection attempts that opened"),
    ("failures", "zr_client_connection_failures_total", "Connection attempts that failed"),
    ("circuitOpenings", "zr_client_circuit_openings_total", "Circuits that opened"),
    ("circuitRecoveries", "zr_client_circuit_recoveries_total", "Circuits that closed again after a half-open probe"),
    ("messagesIn", "zr_client_messages_in_total", "Frames the clients received"),
    ("messagesDropped", "zr_client_messages_dropped_total", "Frames the clients could not read"),
    ("messagesRejected", "zr_client_messages_rejected_total", "Frames the clients could not apply"),
    ("gapsDetected", "zr_client_seq_gaps_total", "Seq gaps the clients saw"),
    ("resyncs", "zr_client_resyncs_total", "Resyncs after a seq gap"),
]
HISTOGRAMS: List[Tuple[str, str, str]] = [
    ("rttMs", "zr_client_rtt_ms", "Ping round trips the clients measured (ms)"),
    ("reconnectMs", "zr_client_reconnect_ms", "Drop → open again, as the clients measured it (ms)"),
    ("freshnessMs", "zr_client_freshness_ms", "Server publishedAt → applied to the store (ms)"),
]
#: `le` as prom-client writes it ("1", "10000"), so a dashboard's `sum by (le)` sees one series per bound.
BUCKET_LABELS = [str(bound) for bound in BUCKET_BOUNDS_MS]


def _counter(name: str, help_text: str, value: float) -> CounterMetricFamily:
    return CounterMetricFamily(name, help_text, value=value)


def _gauge(name: str, help_text: str, value: Optional[float]) -> GaugeMetricFamily:
    # No figure yet (no client reports memory): NaN, as the Node server sets it.
    return GaugeMetricFamily(name, help_text, value=math.nan if value is None else value)


def _by_state(name: str, help_text: str, values: Dict[str, float]) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, help_text, labels=["state"])
    for state, value in values.items():
        family.add_metric([state], value)
    return family


def _histogram(name: str, help_text: str, data: Dict) -> HistogramMetricFamily:
    cumulative = 0
    buckets = []
    for label, in_bucket in zip(BUCKET_LABELS, data["counts"]):
        cumulative += in_bucket
        buckets.append((label, cumulative))
    buckets.append(("+Inf", data["count"]))
    return HistogramMetricFamily(name, help_text, buckets=buckets, sum_value=data["sum"])


class RealtimeMetrics(PrometheusCollector):
    """A prometheus_client collector: register it in your own `CollectorRegistry` (never the global one twice)."""

    def __init__(self, collector: Collector, server_metrics: Callable[[], Dict]) -> None:
        self.collector = collector
        self.server_metrics = server_metrics

    def collect(self) -> Iterator[Metric]:
        yield from self._server()
        yield from self._clients()
        yield from self._fleet()
        alerts = GaugeMetricFamily("zr_alert_firing", "1 while an alert fires (the collector's own evaluation, GET /alerts)", labels=["alert", "severity"])
        for alert in self.collector.alerts():
            alerts.add_metric([alert["name"], alert["severity"]], 1 if alert["state"] == "firing" else 0)
        yield alerts

    def _server(self) -> Iterator[Metric]:
        server = self.server_metrics()
        yield GaugeMetricFamily("zr_server_sockets_open", "Open WebSocket connections on this server", value=server["connections"]["total"])
        yield _counter("zr_server_socket_accepts_total", "WebSocket connections this server accepted", server["accepts"])
        rejects = CounterMetricFamily("zr_server_socket_rejects_total", "WebSocket connections this server refused, by reason", labels=["reason"])
        for reason, count in server["rejectsByReason"].items():
            rejects.add_metric([reason], count)
        yield rejects
        yield _counter("zr_server_messages_in_total", "Frames clients sent this server", server["messagesIn"])
        yield _counter("zr_server_messages_out_total", "Frames this server sent", server["messagesOut"])
        yield _counter("zr_server_garbage_in_total", "Unreadable frames clients sent this server", server["garbageIn"])

    def _clients(self) -> Iterator[Metric]:
        totals = self.collector.totals()
        yield _counter("zr_client_reports_total", "Metrics reports the collector took", totals["reports"])
        for key, name, help_text in CLIENT_COUNTERS:
            yield _counter(name, help_text, totals["counters"][key])
        for key, name, help_text in HISTOGRAMS:
            yield _histogram(name, help_text, totals["histograms"][key])

    def _fleet(self) -> Iterator[Metric]:
        fleet = self.collector.fleet()
        clients, circuits, users = fleet["clients"], fleet["circuits"], fleet["users"]
        yield _by_state("zr_fleet_clients", "Clients by state (live, stale, left)", {state: clients[state] for state in ("live", "stale", "left")})
        yield _by_state("zr_fleet_circuits", "Endpoint circuits of the live clients, by state",
                        {"open": circuits["open"], "closed": circuits["closed"], "half_open": circuits["halfOpen"]})
        yield _by_state("zr_fleet_users", "Users with data (connected) and without (disconnected)",
                        {"connected": users["connected"], "disconnected": users["disconnected"]})
        yield _gauge("zr_fleet_memory_bytes", "Median page memory of the live clients that report it", fleet["memory"]["current"])
        yield _gauge("zr_fleet_memory_growth_bytes_per_hour", "Median memory growth of the clients (least squares over the last hour)", fleet["memory"]["growthRate"])


def prometheus_registry(collector: Collector, server_metrics: Callable[[], Dict]) -> CollectorRegistry:
    """One registry per router (never prometheus_client's global one), so several routers in one process do not clash."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(RealtimeMetrics(collector, server_metrics))
    return registry
