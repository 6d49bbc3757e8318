"""The zustand-realtime wire protocol (docs/PROTOCOL.md) for FastAPI apps.

    from fastapi import FastAPI
    from zustand_realtime_server import realtime_router, serve

    app = FastAPI()
    realtime = realtime_router(["queue", "system-status"], token="s3cret")
    app.include_router(realtime)
    ...
    await realtime.publish("queue", {"phases": [...]})   # -> {"type": "queue_update", "data": ..., "seq": n, "publishedAt": ms}

    serve(app, [realtime], port=8002)   # uvicorn, with every socket closed 1012 on SIGTERM
"""
from .hub import RealtimeHub
from .monitoring import Collector
from .options import RealtimeOptions
from .router import RealtimeRouter, realtime_router
from .serve import RealtimeServer, serve

__all__ = ["Collector", "RealtimeHub", "RealtimeOptions", "RealtimeRouter", "RealtimeServer", "realtime_router", "serve"]
