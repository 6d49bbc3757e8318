"""Whether an upgraded socket may stay: Origin, then token, then capacity (as server/admission.ts)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

from .options import RealtimeOptions


@dataclass(frozen=True)
class Rejection:
    code: int
    reason: str
    #: The `rejectsByReason` key of /metrics.
    metric: str


def admit(options: RealtimeOptions, origin: Optional[str], token: Optional[str], total: int, on_endpoint: int) -> Optional[Rejection]:
    """None = admitted."""
    if options.allowed_origins is not None and origin is not None and origin not in options.allowed_origins:
        return Rejection(1008, "origin not allowed", "origin")
    if options.token is not None and token != options.token:
        return Rejection(4401, "unauthorized", "token")
    if total >= options.max_connections or on_endpoint >= options.max_connections_per_endpoint:
        # 1013 "try again later"; the client reads retryAfterMs from the reason JSON (SPEC §3).
        return Rejection(1013, json.dumps({"retryAfterMs": options.retry_after_ms}), "capacity")
    return None
