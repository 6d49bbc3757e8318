"""The fleet collector: POST /reports, GET /monitoring, GET /alerts (same JSON as the Node server)."""
import pytest

from zustand_realtime_server import Collector
from zustand_realtime_server.monitoring import BUCKET_BOUNDS_MS, empty_histogram, quantile
from helpers import Clock, running

MINUTE = 60_000


def histogram(samples):
    h = empty_histogram()
    for ms in samples:
        index = next((i for i, bound in enumerate(BUCKET_BOUNDS_MS) if ms <= bound), len(BUCKET_BOUNDS_MS))
        h["counts"][index] += 1
        h["sum"] += ms
        h["count"] += 1
    return h


def report(client, seq, counters=None, health=None, rtt=(), memory=None, role="own", final=False, interval=60_000):
    base = {name: 0 for name in ("attempts", "successes", "failures", "circuitOpenings", "circuitRecoveries", "messagesIn", "messagesDropped", "messagesRejected", "gapsDetected", "resyncs")}
    return {
        "v": 1, "client": client, "seq": seq, "at": 0, "intervalMs": interval, "role": role, "final": final,
        "counters": {**base, **(counters or {})},
        "health": {"endpoints": 8, "connected": 8, "closed": 8, "open": 0, "halfOpen": 0, "polling": 0, "paused": 0, **(health or {})},
        "histograms": {"rttMs": histogram(rtt), "reconnectMs": histogram(()), "freshnessMs": histogram(())},
        "memory": None if memory is None else {"bytes": memory, "source": "performance.memory"},
        "labels": {},
    }


def test_reports_add_up_into_the_connections_figures_over_http():
    with running() as app:
        assert app.client.post("/reports", content=__import__("json").dumps(report("a", 1, {"attempts": 10, "successes": 9, "failures": 1})), headers={"Content-Type": "text/plain"}).status_code == 202
        app.client.post("/reports", json=report("b", 1, {"attempts": 30, "successes": 30}))
        body = app.client.get("/monitoring").json()
        assert body["connections"] == {"total": 40, "successful": 39, "failed": 1, "successRate": 39 / 40}
        assert body["clients"]["live"] == 2


def test_a_malformed_report_is_refused_with_a_reason():
    with running() as app:
        response = app.client.post("/reports", json={"v": 2})
        assert response.status_code == 400
        assert response.json() == {"ok": False, "error": "v must be 1"}
        assert app.client.post("/reports", content="not json", headers={"Content-Type": "text/plain"}).status_code == 400


@pytest.mark.parametrize("change,error", [
    (lambda r: r.pop("counters"), "counters missing"),
    (lambda r: r["counters"].update(failures=-1), "counters.failures must be a whole number ≥ 0"),
    (lambda r: r["counters"].pop("resyncs"), "counters.resyncs must be a whole number ≥ 0"),
    (lambda r: r.update(health=[]), "health missing"),
    (lambda r: r["health"].update(halfOpen=1.5), "health.halfOpen must be a whole number ≥ 0"),
])
def test_a_report_with_a_bad_count_names_it(change, error):
    body = report("a", 1)
    change(body)
    assert Collector().ingest(body) == {"ok": False, "error": error}


def test_extra_counters_are_left_out():
    collector = Collector()
    body = report("a", 1, {"attempts": 2})
    body["counters"]["invented"] = 5
    assert collector.ingest(body) == {"ok": True}
    assert "invented" not in collector.monitoring()["totals"]


def test_a_repeated_report_counts_once_and_old_reports_leave_the_window():
    clock = Clock()
    collector = Collector(now=clock, window_ms=5 * MINUTE)
    collector.ingest(report("a", 1, {"attempts": 10, "failures": 10}))
    collector.ingest(report("a", 1, {"attempts": 10, "failures": 10}))
    clock.ms += 3 * MINUTE
    collector.ingest(report("a", 2, {"attempts": 10, "successes": 10}))
    assert collector.monitoring()["connections"]["successRate"] == 0.5
    clock.ms += 3 * MINUTE
    assert collector.monitoring()["connections"] == {"total": 10, "successful": 10, "failed": 0, "successRate": 1}
    assert collector.monitoring()["totals"]["attempts"] == 20


def test_fleet_percentiles_come_from_merged_histograms():
    collector = Collector()
    collector.ingest(report("a", 1, rtt=[20] * 98))
    collector.ingest(report("b", 1, rtt=[5000, 5000]))
    latency = collector.monitoring()["latency"]
    assert latency["count"] == 100
    assert latency["p50"] <= 20
    assert latency["p99"] > 3000


def test_users_circuits_stale_and_final_clients():
    clock = Clock()
    collector = Collector(now=clock)
    collector.ingest(report("leader", 1, role="leader", health={"connected": 6, "closed": 6, "open": 2}))
    collector.ingest(report("follower", 1, role="follower", health={"connected": 6, "closed": 6, "open": 2}))
    collector.ingest(report("left", 1, final=True))
    collector.ingest(report("ok", 1))
    figures = collector.monitoring()
    assert figures["circuits"]["open"] == 2
    assert figures["users"] == {"connected": 1, "disconnected": 2, "disconnectionRate": 2 / 3}
    clock.ms += 3 * MINUTE
    collector.ingest(report("ok", 2))
    assert collector.monitoring()["clients"] == {"live": 1, "stale": 2, "left": 1, "own": 1, "leaders": 0, "followers": 0}


def test_memory_growth_is_the_median_clients_least_squares_slope():
    clock = Clock()
    collector = Collector(now=clock, min_memory_span_ms=10 * MINUTE)
    for minute in range(21):
        collector.ingest(report("flat", minute + 1, memory=50_000_000))
        collector.ingest(report("leaky", minute + 1, memory=40_000_000 + minute * 100_000))
        collector.ingest(report("leakier", minute + 1, memory=30_000_000 + minute * 200_000))
        clock.ms += MINUTE
    memory = collector.monitoring()["memory"]
    assert memory["current"] == 42_000_000
    assert abs(memory["growthRate"] - 6_000_000) < 1000
    assert memory["leakDetected"] is True


def test_alerts_over_http_fire_at_the_plans_thresholds_and_say_since_when():
    clock = Clock()
    collector = Collector(now=clock, alert_for_ms=0)
    with running(collector=collector) as app:
        app.client.post("/reports", json=report("a", 1, {"attempts": 100, "successes": 87, "failures": 13}))
        alerts = {alert["name"]: alert for alert in app.client.get("/alerts").json()["alerts"]}
        assert alerts["ConnectionFailuresHigh"]["state"] == "firing"
        assert alerts["ConnectionFailuresHigh"]["value"] == 0.13
        assert alerts["ConnectionFailuresHigh"]["threshold"] == 0.1
        assert alerts["ConnectionFailuresHigh"]["since"] == 1_000_000
        assert alerts["ReconnectSlow"]["state"] == "no_data"
        assert len(alerts) == 10


def test_a_breach_is_pending_before_it_fires():
    clock = Clock()
    collector = Collector(now=clock, alert_for_ms=60_000)
    collector.ingest(report("a", 1, {"attempts": 10, "failures": 5, "successes": 5}))
    state = {a["name"]: a for a in collector.alerts()}["ConnectionFailuresHigh"]
    assert state["state"] == "pending"
    clock.ms += 60_000
    state = {a["name"]: a for a in collector.alerts()}["ConnectionFailuresHigh"]
    assert state["state"] == "firing"
    assert state["since"] == clock.ms


def test_quantile_interpolates_inside_the_bucket():
    h = histogram([15] * 10)
    assert quantile(h, 0.5) == 10 + (15 - 10) * 0.5
