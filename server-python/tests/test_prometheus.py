"""GET /metrics/prometheus: the Node server's families (server/monitoring/prometheus.ts), read from the same figures as /monitoring."""
import json
import math

import pytest
from prometheus_client import CONTENT_TYPE_LATEST
from prometheus_client.parser import text_string_to_metric_families
from starlette.websockets import WebSocketDisconnect

from zustand_realtime_server import Collector
from zustand_realtime_server.monitoring import BUCKET_BOUNDS_MS
from helpers import running
from test_monitoring import report

#: Family name (as the parser gives it: counters without `_total`) → type, label names; as the Node server has them.
NODE_FAMILIES = {
    "zr_server_sockets_open": ("gauge", set()),
    "zr_server_socket_accepts": ("counter", set()),
    "zr_server_socket_rejects": ("counter", {"reason"}),
    "zr_server_messages_in": ("counter", set()),
    "zr_server_messages_out": ("counter", set()),
    "zr_server_garbage_in": ("counter", set()),
    "zr_client_reports": ("counter", set()),
    **{f"zr_client_{name}": ("counter", set()) for name in (
        "connection_attempts", "connection_successes", "connection_failures", "circuit_openings", "circuit_recoveries",
        "messages_in", "messages_dropped", "messages_rejected", "seq_gaps", "resyncs")},
    "zr_client_rtt_ms": ("histogram", {"le"}),
    "zr_client_reconnect_ms": ("histogram", {"le"}),
    "zr_client_freshness_ms": ("histogram", {"le"}),
    "zr_fleet_clients": ("gauge", {"state"}),
    "zr_fleet_circuits": ("gauge", {"state"}),
    "zr_fleet_users": ("gauge", {"state"}),
    "zr_fleet_memory_bytes": ("gauge", set()),
    "zr_fleet_memory_growth_bytes_per_hour": ("gauge", set()),
    "zr_alert_firing": ("gauge", {"alert", "severity"}),
}


def scrape(app):
    response = app.client.get("/metrics/prometheus")
    assert response.status_code == 200
    families = {family.name: family for family in text_string_to_metric_families(response.text)}
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value for family in families.values() for s in family.samples}
    return response, families, samples


def test_the_families_have_the_node_servers_names_types_and_labels():
    with running() as app:
        response, families, _ = scrape(app)
    assert response.headers["content-type"] == CONTENT_TYPE_LATEST
    assert response.headers["cache-control"] == "no-store"
    assert {name: family.type for name, family in families.items()} == {name: kind for name, (kind, _) in NODE_FAMILIES.items()}
    for name, family in families.items():
        assert {label for sample in family.samples for label in sample.labels} == NODE_FAMILIES[name][1], name
    # Counters are exposed with `_total`, the names the rules and the dashboard query.
    assert {s.name for s in families["zr_client_connection_attempts"].samples} == {"zr_client_connection_attempts_total"}
    assert "# TYPE zr_client_connection_attempts_total counter" in response.text


def test_the_client_counters_and_fleet_gauges_agree_with_monitoring():
    collector = Collector(alert_for_ms=0)
    with running(collector=collector) as app:
        app.client.post("/reports", content=json.dumps(report("a", 1, {"attempts": 10, "successes": 9, "failures": 1, "messagesIn": 40, "resyncs": 2})))
        app.client.post("/reports", json=report("b", 1, {"attempts": 5, "successes": 2, "failures": 3, "circuitOpenings": 1}, role="leader",
                                                health={"connected": 7, "closed": 6, "open": 1, "halfOpen": 1}))
        app.client.post("/reports", json=report("gone", 1, final=True))
        _, _, samples = scrape(app)
        figures = app.client.get("/monitoring").json()
    assert samples[("zr_client_reports_total", ())] == figures["totals"]["reports"] == 3
    assert samples[("zr_client_connection_attempts_total", ())] == figures["totals"]["attempts"] == 15
    assert samples[("zr_client_connection_successes_total", ())] == 11
    assert samples[("zr_client_connection_failures_total", ())] == 4
    assert samples[("zr_client_circuit_openings_total", ())] == 1
    assert samples[("zr_client_messages_in_total", ())] == 40
    assert samples[("zr_client_resyncs_total", ())] == 2
    # The success rate a dashboard computes is the one /monitoring shows.
    assert samples[("zr_client_connection_successes_total", ())] / samples[("zr_client_connection_attempts_total", ())] == figures["totals"]["connectionSuccessRate"]
    assert samples[("zr_fleet_circuits", (("state", "open"),))] == figures["circuits"]["open"] == 1
    assert samples[("zr_fleet_circuits", (("state", "half_open"),))] == figures["circuits"]["halfOpen"] == 1
    assert samples[("zr_fleet_circuits", (("state", "closed"),))] == figures["circuits"]["closed"] == 14
    assert samples[("zr_fleet_clients", (("state", "live"),))] == figures["clients"]["live"] == 2
    assert samples[("zr_fleet_clients", (("state", "left"),))] == 1
    assert samples[("zr_fleet_users", (("state", "connected"),))] == figures["users"]["connected"] == 1
    assert samples[("zr_fleet_users", (("state", "disconnected"),))] == figures["users"]["disconnected"] == 1
    # No client reports memory: no figure, NaN (as the Node server writes it).
    assert math.isnan(samples[("zr_fleet_memory_bytes", ())])
    # 4 of 15 connects failed: ConnectionFailuresHigh fires (alert_for_ms 0), the memory rules have no data.
    assert samples[("zr_alert_firing", (("alert", "ConnectionFailuresHigh"), ("severity", "rollback")))] == 1
    assert samples[("zr_alert_firing", (("alert", "MemoryGrowthRollback"), ("severity", "rollback")))] == 0
    assert sum(1 for name, _ in samples if name == "zr_alert_firing") == 10


def test_a_histogram_is_the_merged_client_buckets_cumulative_on_the_shared_bounds():
    with running() as app:
        app.client.post("/reports", json=report("a", 1, rtt=[3, 20, 20]))
        app.client.post("/reports", json=report("b", 1, rtt=[7000, 90_000]))
        _, families, samples = scrape(app)
    buckets = [s for s in families["zr_client_rtt_ms"].samples if s.name == "zr_client_rtt_ms_bucket"]
    assert [s.labels["le"] for s in buckets] == [str(bound) for bound in BUCKET_BOUNDS_MS] + ["+Inf"]
    by_bound = {s.labels["le"]: s.value for s in buckets}
    assert (by_bound["2"], by_bound["3"], by_bound["15"], by_bound["20"], by_bound["5000"], by_bound["7500"], by_bound["60000"], by_bound["+Inf"]) == (0, 1, 1, 3, 3, 4, 4, 5)
    assert samples[("zr_client_rtt_ms_count", ())] == 5
    assert samples[("zr_client_rtt_ms_sum", ())] == 3 + 20 + 20 + 7000 + 90_000
    assert samples[("zr_client_reconnect_ms_count", ())] == 0


def test_the_servers_own_sockets_messages_and_rejects():
    with running(token="s3cret") as app:
        with app.client.websocket_connect("/api/v1/ws/queue?token=wrong") as refused, pytest.raises(WebSocketDisconnect):
            refused.receive_json()
        with app.client.websocket_connect("/api/v1/ws/queue?token=s3cret") as ws:
            ws.receive_json()
            ws.send_text("not json {")
            ws.send_json({"type": "ping", "timestamp": 1})
            ws.receive_json()
            _, _, samples = scrape(app)
            metrics = app.router.metrics()
    assert samples[("zr_server_sockets_open", ())] == 1
    assert samples[("zr_server_socket_accepts_total", ())] == metrics["accepts"] == 1
    assert samples[("zr_server_socket_rejects_total", (("reason", "token"),))] == 1
    assert samples[("zr_server_socket_rejects_total", (("reason", "capacity"),))] == 0
    assert samples[("zr_server_messages_in_total", ())] == 2
    assert samples[("zr_server_messages_out_total", ())] == metrics["messagesOut"] == 2  # the snapshot and the pong
    assert samples[("zr_server_garbage_in_total", ())] == 1


def test_two_routers_in_one_process_keep_their_own_figures():
    with running() as one, running() as two:
        one.client.post("/reports", json=report("a", 1, {"attempts": 3, "successes": 3}))
        assert scrape(one)[2][("zr_client_connection_attempts_total", ())] == 3
        assert scrape(two)[2][("zr_client_connection_attempts_total", ())] == 0
