"""The fleet collector: `POST /reports` from zustand-realtime/reporter, `GET /monitoring`, `GET /alerts`.

Field for field the Node reference server's (server/monitoring/): the same report format
(docs/PROTOCOL.md "Metrics reports"), windows, percentiles from merged histograms, users, memory
growth and the plan's alert thresholds.
"""
from __future__ import annotations

import math
import time
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

#: Upper bounds (ms) of the shared histogram buckets; one more bucket for everything above.
BUCKET_BOUNDS_MS = [1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 7500, 10_000, 15_000, 30_000, 60_000]
COUNTER_NAMES = ("attempts", "successes", "failures", "circuitOpenings", "circuitRecoveries", "messagesIn", "messagesDropped", "messagesRejected", "gapsDetected", "resyncs")
HEALTH_KEYS = ("endpoints", "connected", "closed", "open", "halfOpen", "polling", "paused")
TIMINGS = ("rttMs", "reconnectMs", "freshnessMs")
MEMORY_SOURCES = ("measureUserAgentSpecificMemory", "performance.memory")
MB = 1_000_000
LEAK_BYTES_PER_DAY = 10 * MB

ALERT_RULES: List[Dict[str, Any]] = [
    {"name": "ErrorRateHigh", "severity": "rollback", "description": "errors (failed connects, unreadable or rejected frames) over connects + frames > 5 %", "comparison": ">", "threshold": 0.05, "unit": "ratio", "input": "errorRate"},
    {"name": "ConnectionFailuresHigh", "severity": "rollback", "description": "failed connection attempts > 10 %", "comparison": ">", "threshold": 0.1, "unit": "ratio", "input": "failureRate"},
    {"name": "MemoryGrowthRollback", "severity": "rollback", "description": "memory growth > 100 MB per hour (median client)", "comparison": ">", "threshold": 100 * MB, "unit": "bytes/h", "input": "memoryGrowthPerHour"},
    {"name": "DisconnectedUsersRollback", "severity": "rollback", "description": "disconnected users > 20 %", "comparison": ">", "threshold": 0.2, "unit": "ratio", "input": "disconnectionRate"},
    {"name": "ConnectionSuccessBelowTarget", "severity": "target", "description": "connection success rate < 99 %", "comparison": "<", "threshold": 0.99, "unit": "ratio", "input": "successRate"},
    {"name": "MemoryGrowthAboveTarget", "severity": "target", "description": "memory growth > 10 MB per 24 h (median client)", "comparison": ">", "threshold": 10 * MB / 24, "unit": "bytes/h", "input": "memoryGrowthPerHour"},
    {"name": "ReconnectSlow", "severity": "target", "description": "mean reconnection time > 5 s", "comparison": ">", "threshold": 5000, "unit": "ms", "input": "reconnectMeanMs"},
    {"name": "CircuitRecoveryLow", "severity": "target", "description": "circuits recovered per circuit opened < 90 %", "comparison": "<", "threshold": 0.9, "unit": "ratio", "input": "circuitRecoveryRate"},
    {"name": "DisconnectedUsersAboveTarget", "severity": "target", "description": "disconnected users > 1 %", "comparison": ">", "threshold": 0.01, "unit": "ratio", "input": "disconnectionRate"},
    {"name": "FreshnessSlow", "severity": "target", "description": "p95 publish → applied to the store > 1 s", "comparison": ">", "threshold": 1000, "unit": "ms", "input": "freshnessP95Ms"},
]


def _now_ms() -> int:
    return int(time.time() * 1000)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def empty_histogram() -> Dict[str, Any]:
    return {"counts": [0] * (len(BUCKET_BOUNDS_MS) + 1), "sum": 0, "count": 0}


def parse_histogram(value: Any) -> Optional[Dict[str, Any]]:
    if not isinstance(value, dict):
        return None
    counts, total, count = value.get("counts"), value.get("sum"), value.get("count")
    if not isinstance(counts, list) or len(counts) != len(BUCKET_BOUNDS_MS) + 1 or not all(_is_count(c) for c in counts):
        return None
    if not _is_number(total) or total < 0 or not _is_count(count) or sum(counts) != count:
        return None
    return {"counts": list(counts), "sum": total, "count": count}


def merge_into(into: Dict[str, Any], other: Dict[str, Any]) -> None:
    into["counts"] = [a + b for a, b in zip(into["counts"], other["counts"])]
    into["sum"] += other["sum"]
    into["count"] += other["count"]


def quantile(histogram: Dict[str, Any], q: float) -> Optional[float]:
    """Linear inside the bucket, like Prometheus' histogram_quantile; the +Inf bucket reads as the last bound."""
    if histogram["count"] == 0:
        return None
    rank = q * histogram["count"]
    seen = 0
    for index, in_bucket in enumerate(histogram["counts"]):
        if in_bucket > 0 and seen + in_bucket >= rank:
            if index >= len(BUCKET_BOUNDS_MS):
                return BUCKET_BOUNDS_MS[-1]
            lower = 0 if index == 0 else BUCKET_BOUNDS_MS[index - 1]
            return lower + (BUCKET_BOUNDS_MS[index] - lower) * (rank - seen) / in_bucket
        seen += in_bucket
    return BUCKET_BOUNDS_MS[-1]


def summarize(histogram: Dict[str, Any]) -> Dict[str, Any]:
    count = histogram["count"]
    return {"p50": quantile(histogram, 0.5), "p95": quantile(histogram, 0.95), "p99": quantile(histogram, 0.99), "mean": None if count == 0 else histogram["sum"] / count, "count": count}


def _parse_counts(body: Dict[str, Any], field: str, keys: Tuple[str, ...]) -> Union[Dict[str, int], str]:
    """`body[field]` reduced to `keys`, each a whole number ≥ 0; or what is wrong with it."""
    given = body.get(field)
    if not isinstance(given, dict):
        return f"{field} missing"
    for key in keys:
        if not _is_count(given.get(key)):
            return f"{field}.{key} must be a whole number ≥ 0"
    return {key: given[key] for key in keys}


def parse_report(body: Any) -> Any:
    """A report as a dict, or a string saying what is wrong with it."""
    if not isinstance(body, dict):
        return "not an object"
    if body.get("v") != 1:
        return "v must be 1"
    client = body.get("client")
    if not isinstance(client, str) or not 0 < len(client) <= 64:
        return "client must be a string of 1–64 characters"
    if not _is_count(body.get("seq")) or not _is_number(body.get("at")) or not _is_number(body.get("intervalMs")) or not body["intervalMs"] > 0:
        return "seq, at and intervalMs must be numbers"
    if body.get("role") not in ("own", "leader", "follower"):
        return "role must be own, leader or follower"
    if not isinstance(body.get("final"), bool):
        return "final must be a boolean"
    counters = _parse_counts(body, "counters", COUNTER_NAMES)
    if isinstance(counters, str):
        return counters
    health = _parse_counts(body, "health", HEALTH_KEYS)
    if isinstance(health, str):
        return health
    histograms_in = body.get("histograms")
    if not isinstance(histograms_in, dict):
        return "histograms missing"
    histograms = {name: parse_histogram(histograms_in.get(name)) for name in TIMINGS}
    if any(h is None for h in histograms.values()):
        return "histograms.rttMs, reconnectMs and freshnessMs must be histograms on the shared bounds"
    memory = body.get("memory")
    if memory is not None:
        if not isinstance(memory, dict) or not _is_count(memory.get("bytes")) or memory.get("source") not in MEMORY_SOURCES:
            return "memory must be { bytes, source }"
        memory = {"bytes": memory["bytes"], "source": memory["source"]}
    labels = body.get("labels", {})
    if not isinstance(labels, dict) or len(labels) > 8 or not all(isinstance(v, str) and len(k) <= 64 and len(v) <= 64 for k, v in labels.items()):
        return "labels must be at most 8 short strings"
    return {"client": client, "seq": body["seq"], "intervalMs": body["intervalMs"], "role": body["role"], "final": body["final"],
            "counters": counters, "health": health, "histograms": histograms, "memory": memory, "labels": dict(labels)}


def _empty_totals() -> Dict[str, Any]:
    return {"reports": 0, "counters": {name: 0 for name in COUNTER_NAMES}, "histograms": {name: empty_histogram() for name in TIMINGS}}


def _add(totals: Dict[str, Any], part: Dict[str, Any], reports: int = 1) -> None:
    totals["reports"] += reports
    for name in COUNTER_NAMES:
        totals["counters"][name] += part["counters"][name]
    for name in TIMINGS:
        merge_into(totals["histograms"][name], part["histograms"][name])


def fit_slope(points: List[Tuple[float, float]]) -> Optional[float]:
    """Least-squares slope of y over x; None with fewer than two points or all at one x."""
    n = len(points)
    if n < 2:
        return None
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx


def median(values: List[float]) -> Optional[float]:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _ratio(part: float, whole: float) -> Optional[float]:
    return None if whole == 0 else part / whole


class AlertEvaluator:
    """Breach → `pending` for `for_ms`, then `firing`; back under → `ok`; no figure → `no_data`; `since` moves on a change."""

    def __init__(self, for_ms: int) -> None:
        self.for_ms = for_ms
        self.states: Dict[str, Dict[str, Any]] = {}

    def evaluate(self, inputs: Dict[str, Optional[float]], now: int) -> List[Dict[str, Any]]:
        out = []
        for rule in ALERT_RULES:
            value = inputs[rule["input"]]
            breached = value is not None and (value > rule["threshold"] if rule["comparison"] == ">" else value < rule["threshold"])
            previous = self.states.get(rule["name"])
            breached_since = ((previous or {}).get("breachedSince") or now) if breached else None
            if value is None:
                state = "no_data"
            elif not breached:
                state = "ok"
            else:
                state = "firing" if now - breached_since >= self.for_ms else "pending"
            since = previous["since"] if previous is not None and previous["state"] == state else now
            self.states[rule["name"]] = {"state": state, "since": since, "breachedSince": breached_since}
            public = {key: rule[key] for key in ("name", "severity", "description", "comparison", "threshold", "unit")}
            out.append({**public, "value": value, "state": state, "since": since})
        return out


class Collector:
    """Every client's reports, aggregated into the original plan's monitoring shape (see module doc)."""

    def __init__(self, window_ms: int = 300_000, alert_for_ms: int = 60_000, stale_intervals: float = 2.5, forget_after_ms: int = 600_000,
                 memory_window_ms: int = 3_600_000, min_memory_span_ms: int = 600_000, max_clients: int = 10_000, slot_ms: int = 10_000,
                 now: Callable[[], int] = _now_ms) -> None:
        self.window_ms = window_ms
        self.stale_intervals = stale_intervals
        self.forget_after_ms = forget_after_ms
        self.memory_window_ms = memory_window_ms
        self.min_memory_span_ms = min_memory_span_ms
        self.max_clients = max_clients
        self.slot_ms = slot_ms
        self.now = now
        self.clients: Dict[str, Dict[str, Any]] = {}
        self.slots: Dict[int, Dict[str, Any]] = {}
        self.total = _empty_totals()
        self.evaluator = AlertEvaluator(alert_for_ms)

    def ingest(self, body: Any) -> Dict[str, Any]:
        report = parse_report(body)
        if isinstance(report, str):
            return {"ok": False, "error": report}
        at = self.now()
        known = self.clients.get(report["client"])
        if known is not None and report["seq"] <= known["lastSeq"]:
            return {"ok": True}
        if known is None and len(self.clients) >= self.max_clients:
            self._forget(at)
            if len(self.clients) >= self.max_clients:
                return {"ok": False, "error": "too many clients"}
        memory = known["memory"] if known is not None else []
        if report["memory"] is not None:
            memory.append((at, report["memory"]["bytes"]))
        while memory and at - memory[0][0] > self.memory_window_ms:
            memory.pop(0)
        self.clients[report["client"]] = {"role": report["role"], "lastSeq": report["seq"], "seenAt": at, "intervalMs": report["intervalMs"],
                                          "final": report["final"], "health": report["health"], "memory": memory}
        slot = at // self.slot_ms * self.slot_ms
        _add(self.slots.setdefault(slot, _empty_totals()), report)
        _add(self.total, report)
        self.alerts()
        return {"ok": True}

    def _forget(self, at: int) -> None:
        for client_id in [cid for cid, client in self.clients.items() if at - client["seenAt"] > self.forget_after_ms]:
            del self.clients[client_id]

    def _window(self, at: int) -> Dict[str, Any]:
        oldest = at - self.window_ms
        for slot in [s for s in self.slots if s + self.slot_ms <= oldest]:
            del self.slots[slot]
        window = _empty_totals()
        for part in self.slots.values():
            _add(window, part, part["reports"])
        return window

    def _growth_per_hour(self, readings: List[Tuple[int, int]]) -> Optional[float]:
        if len(readings) < 3 or readings[-1][0] - readings[0][0] < self.min_memory_span_ms:
            return None
        return fit_slope([(at / 3_600_000, bytes_) for at, bytes_ in readings])

    def totals(self) -> Dict[str, Any]:
        """Cumulative since start: `reports`, `counters`, `histograms` (the Prometheus counters and histograms)."""
        return self.total

    def fleet(self, at: Optional[int] = None) -> Dict[str, Any]:
        """The clients' figures at `at` (default: now)."""
        if at is None:
            at = self.now()
        clients = {"live": 0, "stale": 0, "left": 0, "own": 0, "leaders": 0, "followers": 0}
        circuits = {"open": 0, "closed": 0, "halfOpen": 0}
        users = {"connected": 0, "disconnected": 0, "disconnectionRate": None}
        current: List[float] = []
        growth: List[float] = []
        for client in self.clients.values():
            if client["final"]:
                clients["left"] += 1
                continue
            if at - client["seenAt"] > client["intervalMs"] * self.stale_intervals:
                clients["stale"] += 1
                users["disconnected"] += 1
                continue
            clients["live"] += 1
            clients["own" if client["role"] == "own" else "leaders" if client["role"] == "leader" else "followers"] += 1
            health = client["health"]
            if health["endpoints"] > 0 and health["connected"] + health["polling"] + health["paused"] >= health["endpoints"]:
                users["connected"] += 1
            else:
                users["disconnected"] += 1
            if client["role"] != "follower":
                for key in circuits:
                    circuits[key] += health[key]
            if client["memory"]:
                current.append(client["memory"][-1][1])
            rate = self._growth_per_hour(client["memory"])
            if rate is not None:
                growth.append(rate)
        users["disconnectionRate"] = _ratio(users["disconnected"], users["connected"] + users["disconnected"])
        return {"clients": clients, "circuits": circuits, "users": users, "memory": {"current": median(current), "growthRate": median(growth), "clients": len(current)}}

    def monitoring(self) -> Dict[str, Any]:
        at = self.now()
        self._forget(at)
        fleet = self.fleet(at)
        window = self._window(at)
        c, h = window["counters"], window["histograms"]
        errors = c["failures"] + c["messagesDropped"] + c["messagesRejected"]
        growth = fleet["memory"]["growthRate"]
        total = self.total["counters"]
        return {
            "at": at,
            "windowMs": self.window_ms,
            "clients": fleet["clients"],
            "connections": {"total": c["attempts"], "successful": c["successes"], "failed": c["failures"], "successRate": _ratio(c["successes"], c["attempts"])},
            "circuits": {**fleet["circuits"], "openings": c["circuitOpenings"], "recoveries": c["circuitRecoveries"], "recoveryRate": _ratio(c["circuitRecoveries"], c["circuitOpenings"])},
            "memory": {**fleet["memory"], "leakDetected": growth is not None and growth * 24 > LEAK_BYTES_PER_DAY},
            "latency": summarize(h["rttMs"]),
            "reconnect": summarize(h["reconnectMs"]),
            "freshness": summarize(h["freshnessMs"]),
            "users": fleet["users"],
            "errors": {"rate": _ratio(errors, c["attempts"] + c["messagesIn"]), "failed": c["failures"], "dropped": c["messagesDropped"], "rejected": c["messagesRejected"]},
            "totals": {**total, "reports": self.total["reports"], "connectionSuccessRate": _ratio(total["successes"], total["attempts"])},
        }

    def alerts(self) -> List[Dict[str, Any]]:
        figures = self.monitoring()
        inputs = {
            "successRate": figures["connections"]["successRate"],
            "failureRate": _ratio(figures["connections"]["failed"], figures["connections"]["total"]),
            "errorRate": figures["errors"]["rate"],
            "reconnectMeanMs": figures["reconnect"]["mean"],
            "circuitRecoveryRate": figures["circuits"]["recoveryRate"],
            "disconnectionRate": figures["users"]["disconnectionRate"],
            "memoryGrowthPerHour": figures["memory"]["growthRate"],
            "freshnessP95Ms": figures["freshness"]["p95"],
        }
        return self.evaluator.evaluate(inputs, figures["at"])
