"""`POST /__control` of the demo app (opt-in `--control`): the Node server's `burst` command, for the bench.

Only `{"action": "burst", "endpoint": "<feed>", "count": n}`; other Node control actions answer 400.
"""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ..metrics import now_ms
from ..router import RealtimeRouter
from .world import DemoWorld

MAX_BURST = 100_000


def add_control(app: FastAPI, router: RealtimeRouter, world: DemoWorld) -> None:
    @app.post("/__control")
    async def control(request: Request) -> JSONResponse:
        try:
            body: Any = await request.json()
        except ValueError:
            return JSONResponse({"ok": False, "error": "body must be JSON"}, status_code=400)
        if not isinstance(body, dict) or body.get("action") != "burst":
            return JSONResponse({"ok": False, "error": 'only {"action": "burst", "endpoint", "count"} is supported'}, status_code=400)
        endpoint, count = body.get("endpoint"), body.get("count", 1)
        if endpoint not in world.feeds:
            return JSONResponse({"ok": False, "error": f'"endpoint" must be one of {", ".join(world.feeds)}'}, status_code=400)
        if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_BURST:
            return JSONResponse({"ok": False, "error": f'"count" must be an integer 0..{MAX_BURST}'}, status_code=400)
        for _ in range(count):
            for name in world.touch(endpoint, now_ms()):
                await router.publish(name, world.feeds[name])
        return JSONResponse({"ok": True})
