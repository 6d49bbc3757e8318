"""A live dashboard world for the demo, in the payload shapes of server/world (src/store/dashboard/types.ts).

A smaller generator than the Node one (same feeds, fields and kinds of change, not the same numbers).
"""
from __future__ import annotations

import random
from typing import Any, Callable, Dict, List

from .catalog import FEATURE_TITLES, ISSUE_TITLES, PHASES, ROUTES, SERVICES, STEPS, WEBHOOKS, WORKFLOWS

QUEUE_CONCURRENCY = 3
HISTORY_LIMIT = 50
#: How likely each feed is to change on one tick (as server/world/tickWorld.ts).
TICK_CHANCE = {
    "queue": 0.6, "adw-monitor": 1.0, "workflows": 0.03, "routes": 0.5,
    "workflow-history": 0.02, "planned-features": 0.15, "system-status": 1.0, "webhook-status": 0.5,
}


def _jitter(rng: random.Random, base: float, spread: float) -> int:
    return max(0, round(base * rng.uniform(1 - spread, 1 + spread)))


class DemoWorld:
    def __init__(self, seed: int, now_ms: int) -> None:
        self.rng = random.Random(seed)
        self.started_at = now_ms
        self.uptime_offset = self.rng.randint(3_600, 14 * 24 * 3_600)
        self.next_issue = self.rng.randint(100, 900)
        self.next_feature = 0
        self.completed, self.failed = self.rng.randint(60, 120), self.rng.randint(5, 15)
        rng = self.rng
        self.feeds: Dict[str, Dict[str, Any]] = {
            "queue": {"phases": [], "paused": False, "updatedAt": now_ms},
            "adw-monitor": {"runs": [], "summary": {}, "updatedAt": now_ms},
            "workflows": {"workflows": [dict(w, phases=list(w["phases"]), enabled=True, runsToday=rng.randint(0, 12)) for w in WORKFLOWS], "updatedAt": now_ms},
            "routes": {"routes": [], "updatedAt": now_ms},
            "workflow-history": {"items": [], "totalRuns": 0, "successRate": 1, "updatedAt": now_ms},
            "planned-features": {"features": [], "updatedAt": now_ms},
            "system-status": {
                "overall": "healthy",
                "services": [{"name": name, "status": "healthy", "latencyMs": _jitter(rng, ms, 0.2)} for name, ms in SERVICES],
                "cpuPercent": round(rng.uniform(15, 45), 1), "memoryPercent": round(rng.uniform(35, 60), 1),
                "uptimeSeconds": self.uptime_offset, "updatedAt": now_ms,
            },
            "webhook-status": {"webhooks": [
                {"id": wid, "source": source, "event": event, "status": "active", "lastDeliveryAt": now_ms - rng.randint(1_000, 3_600_000),
                 "successRate": round(rng.uniform(0.95, 1), 3), "recentFailures": 0}
                for wid, source, event in WEBHOOKS], "updatedAt": now_ms},
        }
        for index in range(6):
            item = self._queue_item(now_ms - (6 - index) * rng.randint(2, 8) * 60_000)
            item["phase"] = PHASES[max(0, 4 - index)]
            self.feeds["queue"]["phases"].append(item)
        self._renumber()
        for back in range(rng.randint(10, 16), 0, -1):
            completed_at = now_ms - back * rng.randint(10, 30) * 60_000
            run = self._run(completed_at)
            run["startedAt"] = completed_at - rng.randint(60, 1_800) * 1000
            self._finish(run, "completed" if rng.random() < 0.85 else "failed", completed_at)
        self.feeds["adw-monitor"]["runs"] = [self._run(now_ms, rng.randint(5, 80)) for _ in range(3)]
        self._summarize()
        for index in range(8):
            feature = self._feature()
            feature["status"] = "completed" if index < 2 else "in_progress" if index < 4 else "planned"
            self.feeds["planned-features"]["features"].append(feature)
        self._tick_routes(now_ms)

    # ---- building blocks ----------------------------------------------------------------------
    def _issue(self) -> int:
        self.next_issue += 1
        return self.next_issue - 1

    def _queue_item(self, at: int) -> Dict[str, Any]:
        number = self._issue()
        return {"id": f"q-{number}", "issueNumber": number, "title": self.rng.choice(ISSUE_TITLES), "phase": "plan",
                "status": "queued", "position": 0, "enqueuedAt": at}

    def _renumber(self) -> None:
        for index, item in enumerate(self.feeds["queue"]["phases"]):
            item["position"] = index + 1
            item["status"] = "running" if index < QUEUE_CONCURRENCY else "queued"

    def _place(self, run: Dict[str, Any]) -> None:
        phases = next((w["phases"] for w in WORKFLOWS if w["id"] == run["workflow"]), PHASES)
        phase = phases[min(int(run["progress"] / 100 * len(phases)), len(phases) - 1)]
        if phase != run["phase"] or run["currentStep"] not in STEPS[phase]:
            run["phase"], run["currentStep"] = phase, self.rng.choice(STEPS[phase])

    def _run(self, at: int, progress: int = 0) -> Dict[str, Any]:
        workflow = self.rng.choice(WORKFLOWS)
        run = {"adwId": f"adw-{self.rng.getrandbits(32):08x}", "issueNumber": self._issue(), "workflow": workflow["id"], "phase": "plan",
               "currentStep": "", "progress": progress, "status": "running", "startedAt": at - round(progress * self.rng.uniform(2_000, 6_000))}
        self._place(run)
        return run

    def _finish(self, run: Dict[str, Any], status: str, at: int) -> None:
        seconds = max(1, round((at - run["startedAt"]) / 1000))
        history = self.feeds["workflow-history"]
        history["items"].insert(0, {"adwId": run["adwId"], "workflow": run["workflow"], "issueNumber": run["issueNumber"], "status": status,
                                    "startedAt": run["startedAt"], "completedAt": at, "durationSeconds": seconds,
                                    "costUsd": round(seconds * self.rng.uniform(0.002, 0.006), 2)})
        del history["items"][HISTORY_LIMIT:]
        self.completed += status == "completed"
        self.failed += status == "failed"
        history["totalRuns"] = self.completed + self.failed
        history["successRate"] = round(self.completed / history["totalRuns"], 3) if history["totalRuns"] else 1

    def _summarize(self) -> None:
        monitor = self.feeds["adw-monitor"]
        running = sum(1 for run in monitor["runs"] if run["status"] == "running")
        monitor["summary"] = {"total": self.completed + self.failed + len(monitor["runs"]), "running": running,
                              "completed": self.completed, "failed": self.failed}

    def _feature(self) -> Dict[str, Any]:
        index = self.next_feature
        self.next_feature += 1
        title = FEATURE_TITLES[index % len(FEATURE_TITLES)]
        if index >= len(FEATURE_TITLES):
            title = f"{title} v{index // len(FEATURE_TITLES) + 1}"
        return {"id": f"feat-{index + 1}", "title": title, "priority": self.rng.choice(["high", "medium", "low"]), "status": "planned",
                "estimatedHours": self.rng.randint(2, 40), "issueNumber": self._issue() if self.rng.random() < 0.6 else None}

    # ---- one tick per feed --------------------------------------------------------------------
    def _tick_queue(self, now: int) -> List[str]:
        queue, rng = self.feeds["queue"], self.rng
        if queue["paused"] or rng.random() < 0.03:
            queue["paused"] = not queue["paused"] or rng.random() >= 0.4
            return ["queue"]
        running = queue["phases"][:QUEUE_CONCURRENCY]
        if running:
            mover = rng.choice(running)
            index = PHASES.index(mover["phase"])
            if index + 1 < len(PHASES):
                mover["phase"] = PHASES[index + 1]
            else:
                queue["phases"].remove(mover)
        if len(queue["phases"]) < 3 or (len(queue["phases"]) < 10 and rng.random() < 0.35):
            queue["phases"].append(self._queue_item(now))
        self._renumber()
        return ["queue"]

    def _tick_runs(self, now: int) -> List[str]:
        monitor, rng, changed = self.feeds["adw-monitor"], self.rng, ["adw-monitor"]
        for run in monitor["runs"]:
            if run["status"] == "paused":
                if rng.random() < 0.3:
                    run["status"] = "running"
                continue
            if rng.random() < 0.02:
                run["status"] = "paused"
                continue
            run["progress"] = min(100, run["progress"] + rng.randint(2, 9))
            self._place(run)
        for run in [r for r in monitor["runs"] if r["progress"] >= 100]:
            self._finish(run, "failed" if rng.random() < 0.12 else "completed", now)
            changed.append("workflow-history")
        monitor["runs"] = [r for r in monitor["runs"] if r["progress"] < 100]
        if len(monitor["runs"]) < 2 or (len(monitor["runs"]) < 5 and rng.random() < 0.2):
            run = self._run(now)
            monitor["runs"].append(run)
            for workflow in self.feeds["workflows"]["workflows"]:
                if workflow["id"] == run["workflow"]:
                    workflow["runsToday"] += 1
                    changed.append("workflows")
        self._summarize()
        return changed

    def _tick_workflows(self, now: int) -> List[str]:
        workflow = self.rng.choice(self.feeds["workflows"]["workflows"])
        workflow["enabled"] = not workflow["enabled"] or self.rng.random() < 0.5
        return ["workflows"]

    def _tick_routes(self, now: int) -> List[str]:
        self.feeds["routes"]["routes"] = [{"method": m, "path": p, "handler": h, "description": d, "requestsPerMinute": _jitter(self.rng, rpm, 0.3)}
                                          for m, p, h, d, rpm in ROUTES]
        return ["routes"]

    def _tick_history(self, now: int) -> List[str]:
        run = self._run(now - self.rng.randint(60, 1_200) * 1000)
        self._finish(run, "cancelled" if self.rng.random() < 0.1 else "completed", now)
        return ["workflow-history"]

    def _tick_features(self, now: int) -> List[str]:
        features, rng = self.feeds["planned-features"]["features"], self.rng
        in_progress = [f for f in features if f["status"] == "in_progress"]
        planned = [f for f in features if f["status"] == "planned"]
        if planned and (not in_progress or (len(in_progress) < 3 and rng.random() < 0.5)):
            rng.choice(planned)["status"] = "in_progress"
        elif in_progress:
            rng.choice(in_progress)["status"] = "completed"
            if rng.random() < 0.7 or not planned:
                features.append(self._feature())
        done = [f for f in features if f["status"] == "completed"]
        if len(features) > 12 and done:
            features.remove(done[0])
        return ["planned-features"]

    def _tick_system(self, now: int) -> List[str]:
        status, rng = self.feeds["system-status"], self.rng
        status["cpuPercent"] = round(min(97, max(3, status["cpuPercent"] + rng.uniform(-6, 6))), 1)
        status["memoryPercent"] = round(min(92, max(20, status["memoryPercent"] + rng.uniform(-2, 2))), 1)
        status["uptimeSeconds"] = self.uptime_offset + (now - self.started_at) // 1000
        for service, (_, base_ms) in zip(status["services"], SERVICES):
            if service["status"] == "healthy" and rng.random() < 0.01:
                service["status"] = "degraded"
            elif service["status"] == "degraded":
                service["status"] = "healthy" if rng.random() < 0.3 else "down" if rng.random() < 0.05 else "degraded"
            elif service["status"] == "down" and rng.random() < 0.5:
                service["status"] = "degraded"
            service["latencyMs"] = _jitter(rng, base_ms * (1 if service["status"] == "healthy" else 4), 0.25)
        states = {service["status"] for service in status["services"]}
        status["overall"] = "down" if "down" in states else "degraded" if "degraded" in states else "healthy"
        return ["system-status"]

    def _tick_webhooks(self, now: int) -> List[str]:
        rng = self.rng
        for webhook in self.feeds["webhook-status"]["webhooks"]:
            if webhook["status"] == "active" and rng.random() < 0.02:
                webhook["status"] = "failing"
            elif webhook["status"] == "failing" and rng.random() < 0.2:
                webhook["status"], webhook["recentFailures"] = "active", 0
            if rng.random() >= 0.4:
                continue
            delivered = webhook["status"] == "active" and rng.random() < 0.98
            webhook["lastDeliveryAt"] = now
            webhook["successRate"] = round(webhook["successRate"] * 0.9 + (0.1 if delivered else 0), 3)
            webhook["recentFailures"] += 0 if delivered else 1
        return ["webhook-status"]

    def _ticker(self, name: str) -> Callable[[int], List[str]]:
        return {
            "queue": self._tick_queue, "adw-monitor": self._tick_runs, "workflows": self._tick_workflows, "routes": self._tick_routes,
            "workflow-history": self._tick_history, "planned-features": self._tick_features, "system-status": self._tick_system,
            "webhook-status": self._tick_webhooks,
        }[name]

    def tick(self, now: int) -> List[str]:
        """One generator step; returns the feeds that changed (each once, `updatedAt` stamped)."""
        changed: List[str] = []
        for name in TICK_CHANCE:
            if self.rng.random() < TICK_CHANCE[name]:
                changed.extend(self._ticker(name)(now))
        return self._stamp(changed, now)

    def touch(self, name: str, now: int) -> List[str]:
        """Forces `name` to change (control `burst`); returns every feed that changed, `name` first."""
        return self._stamp([name, *self._ticker(name)(now)], now)

    def _stamp(self, changed: List[str], now: int) -> List[str]:
        unique = list(dict.fromkeys(changed))
        for name in unique:
            self.feeds[name]["updatedAt"] = now
        return unique
