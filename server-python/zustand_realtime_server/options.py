"""What `realtime_router` takes; every field has the Node reference server's default."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence


@dataclass(frozen=True)
class RealtimeOptions:
    #: Open sockets over all endpoints; one more is closed 1013 {"retryAfterMs"}.
    max_connections: int = 1000
    max_connections_per_endpoint: int = 500
    #: Put in the 1013 close reason of a socket refused for capacity.
    retry_after_ms: int = 2000
    #: Larger client frames close the socket with 1009.
    max_frame_bytes: int = 64 * 1024
    #: None = any Origin. Sockets without an Origin header (non-browser clients) are always allowed.
    allowed_origins: Optional[Sequence[str]] = None
    #: When set, a socket without `?token=<token>` is closed with 4401.
    token: Optional[str] = None
    #: Client silence before a `server_ping`; as long again with no answer = the socket is dropped.
    idle_ping_ms: int = 60_000
    #: URL prefix: sockets at `<prefix>/ws/<feed>`, polling GETs at `<prefix>/<feed>`.
    prefix: str = "/api/v1"
    #: The plan's old backend: no snapshot on connect, no pong, no server_ping, no seq,
    #: and every update sent to every socket of every endpoint. For migration tests only.
    legacy: bool = False

    def __post_init__(self) -> None:
        for name in ("max_connections", "max_connections_per_endpoint", "retry_after_ms", "max_frame_bytes", "idle_ping_ms"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"RealtimeOptions.{name} must be a non-negative int, got {value!r}")
        if self.idle_ping_ms == 0:
            raise ValueError("RealtimeOptions.idle_ping_ms must be > 0")
