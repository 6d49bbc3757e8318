"""A FastAPI app serving the demo world: the kit used the way a team would use it."""
from __future__ import annotations

import asyncio
from typing import Optional, Tuple

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from ..metrics import now_ms
from ..options import RealtimeOptions
from ..router import RealtimeRouter, realtime_router
from .catalog import FEED_NAMES
from .control import add_control
from .world import DemoWorld


def create_demo_app(options: Optional[RealtimeOptions] = None, update_ms: int = 1000, seed: int = 1, control: bool = False) -> Tuple[FastAPI, RealtimeRouter]:
    """`update_ms` 0 = no automatic updates (call `router.publish` yourself); `control`: serve `POST /__control` burst."""
    world = DemoWorld(seed, now_ms())
    app = FastAPI(title="zustand-realtime demo backend")
    # The demo page polls from another origin (Vite), like the Node server allows.
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"])
    router = realtime_router({name: world.feeds[name] for name in FEED_NAMES}, options)
    app.include_router(router)
    if control:
        add_control(app, router, world)
    ticking: dict = {}

    async def tick_forever() -> None:
        while True:
            await asyncio.sleep(update_ms / 1000)
            for name in world.tick(now_ms()):
                await router.publish(name, world.feeds[name])

    @app.on_event("startup")
    async def start_generator() -> None:
        if update_ms > 0:
            ticking["task"] = asyncio.ensure_future(tick_forever())

    @app.on_event("shutdown")
    async def stop_generator() -> None:
        task = ticking.pop("task", None)
        if task is not None:
            task.cancel()

    return app, router
