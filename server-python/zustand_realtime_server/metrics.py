"""The body of `GET /metrics`, field for field the Node reference server's (server/metrics.ts)."""
from __future__ import annotations

import time
from collections import deque
from typing import Deque, Dict, List

ACCEPT_LOG_LIMIT = 200
REJECT_REASONS = ("capacity", "origin", "token", "refused", "not_found")


def now_ms() -> int:
    return int(time.time() * 1000)


class MetricsRecorder:
    def __init__(self) -> None:
        self.accepts = 0
        self.messages_in = 0
        self.messages_out = 0
        self.garbage_in = 0
        self.rejects_by_reason: Dict[str, int] = {reason: 0 for reason in REJECT_REASONS}
        self._accept_log: Deque[Dict[str, object]] = deque(maxlen=ACCEPT_LOG_LIMIT)

    def accepted(self, endpoint: str) -> None:
        self.accepts += 1
        self._accept_log.append({"endpoint": endpoint, "at": now_ms()})

    def rejected(self, reason: str) -> None:
        self.rejects_by_reason[reason] += 1

    def snapshot(self, by_endpoint: Dict[str, int]) -> Dict[str, object]:
        accept_log: List[Dict[str, object]] = list(self._accept_log)
        return {
            "connections": {"total": sum(by_endpoint.values()), "byEndpoint": by_endpoint},
            "accepts": self.accepts,
            "rejects": sum(self.rejects_by_reason.values()),
            "rejectsByReason": dict(self.rejects_by_reason),
            "messagesIn": self.messages_in,
            "messagesOut": self.messages_out,
            "garbageIn": self.garbage_in,
            "acceptLog": accept_log,
        }
