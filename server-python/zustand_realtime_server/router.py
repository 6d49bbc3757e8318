"""`realtime_router(feeds, ...)`: the protocol's routes for a FastAPI app, and `publish`."""
from __future__ import annotations

import json
from typing import Any, Callable, Dict, Optional

from fastapi import APIRouter, Request, WebSocket
from fastapi.responses import JSONResponse, Response
from prometheus_client import CollectorRegistry

from .hub import FeedsArg, RealtimeHub
from .metrics import now_ms
from .monitoring import Collector
from .options import RealtimeOptions
from .prometheus import CONTENT_TYPE_LATEST, generate_latest, prometheus_registry

NO_STORE = {"Cache-Control": "no-store"}


class RealtimeRouter(APIRouter):
    """An APIRouter with the feeds' sockets, polling GETs, /healthz and /metrics, plus the hub's calls."""

    hub: RealtimeHub
    #: The fleet's metrics reports (`POST /reports`), as `GET /monitoring` and `GET /alerts` show them.
    collector: Collector
    #: What `GET /metrics/prometheus` exposes: the hub's counters and the collector's figures.
    prometheus: CollectorRegistry

    async def publish(self, feed: str, data: Any) -> int:
        """Makes `data` the feed's snapshot and sends `{type: "<feed>_update", data, seq, publishedAt}` to its sockets."""
        return await self.hub.publish(feed, data)

    async def close_all(self, code: int = 1001, reason: str = "server shutting down") -> int:
        """Closes every socket with `code` (1012 for a restart); new sockets are refused from then on."""
        return await self.hub.close_all(code, reason)

    def metrics(self) -> Dict[str, object]:
        return self.hub.metrics_snapshot()


def realtime_router(feeds: FeedsArg, options: Optional[RealtimeOptions] = None, collector: Optional[Collector] = None,
                    now: Callable[[], int] = now_ms, **fields: Any) -> RealtimeRouter:
    """`feeds`: names, or a mapping of name → initial data (the snapshot sent on connect).

    Options come as a `RealtimeOptions` or as its fields, e.g. `realtime_router(names, token="s3cret")`.
    `collector`: the fleet collector behind `POST /reports`, `GET /monitoring`, `GET /alerts` and
    `GET /metrics/prometheus` (default: a new one). `now`: ms since the epoch, for frames' `publishedAt`.
    """
    if options is not None and fields:
        raise TypeError("pass either options= or option fields, not both")
    hub = RealtimeHub(feeds, options or RealtimeOptions(**fields), now)
    prefix = hub.options.prefix.rstrip("/")
    router = RealtimeRouter()
    router.hub = hub
    router.collector = collector or Collector()
    router.prometheus = prometheus_registry(router.collector, hub.metrics_snapshot)

    @router.websocket(prefix + "/ws/{feed}")
    async def feed_socket(websocket: WebSocket, feed: str) -> None:
        await hub.serve_socket(websocket, feed)

    @router.get(prefix + "/{feed}")
    async def poll_feed(feed: str) -> JSONResponse:
        # The same {type, data} as the socket's first frame (SPEC §3), for the client's polling fallback.
        if feed not in hub.feeds:
            return JSONResponse({"error": "not found"}, status_code=404, headers=NO_STORE)
        frame = hub.frame(feed)
        if frame is None:
            return JSONResponse({"error": f"no snapshot of {feed} yet"}, status_code=503, headers=NO_STORE)
        return JSONResponse(frame, headers=NO_STORE)

    @router.get("/healthz")
    async def healthz() -> JSONResponse:
        return JSONResponse({"ok": True}, headers=NO_STORE)

    @router.get("/metrics")
    async def metrics() -> JSONResponse:
        return JSONResponse(hub.metrics_snapshot(), headers=NO_STORE)

    @router.post("/reports")
    async def reports(request: Request) -> JSONResponse:
        # Reporters send text/plain (a simple request: no CORS preflight on pagehide), JSON inside.
        raw = await request.body()
        if len(raw) > 64 * 1024:
            return JSONResponse({"ok": False, "error": "body too large"}, status_code=400, headers=NO_STORE)
        try:
            body = json.loads(raw or b"null")
        except ValueError as error:
            return JSONResponse({"ok": False, "error": str(error)}, status_code=400, headers=NO_STORE)
        result = router.collector.ingest(body)
        return JSONResponse(result, status_code=202 if result["ok"] else 400, headers=NO_STORE)

    @router.get("/monitoring")
    async def monitoring() -> JSONResponse:
        return JSONResponse(router.collector.monitoring(), headers=NO_STORE)

    @router.get("/alerts")
    async def alerts() -> JSONResponse:
        return JSONResponse({"at": router.collector.now(), "alerts": router.collector.alerts()}, headers=NO_STORE)

    @router.get("/metrics/prometheus")
    async def prometheus() -> Response:
        # As a header, not media_type: Starlette 0.26 would add a second "; charset=utf-8" to it.
        return Response(generate_latest(router.prometheus), headers={**NO_STORE, "Content-Type": CONTENT_TYPE_LATEST})

    async def close_on_shutdown() -> None:
        # Servers that already closed the sockets (see `serve`) leave nothing to do here.
        await hub.close_all(1001, "server shutting down")

    router.add_event_handler("shutdown", close_on_shutdown)
    return router
