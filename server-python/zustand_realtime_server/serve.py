"""Running under uvicorn with a graceful shutdown: every socket closed 1012 before the process exits.

uvicorn 0.17.6 closes the TCP connections on SIGTERM without a close frame (clients see 1006) and only
then runs the app's shutdown handlers, too late to send one. `RealtimeServer` closes the sockets
first, from the signal itself, then lets uvicorn shut down as usual.
"""
from __future__ import annotations

import asyncio
import signal
import socket
from types import FrameType
from typing import Callable, List, Optional

import uvicorn

from .router import RealtimeRouter


class RealtimeServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, routers: List[RealtimeRouter], on_ready: Optional[Callable[[int], None]] = None) -> None:
        super().__init__(config)
        self._routers = routers
        self._on_ready = on_ready
        self._draining: Optional["asyncio.Task[None]"] = None

    async def startup(self, sockets: Optional[list] = None) -> None:
        await super().startup(sockets=sockets)
        if self.started and self._on_ready is not None and self.servers:
            self._on_ready(self.servers[0].sockets[0].getsockname()[1])

    def handle_exit(self, sig: signal.Signals, frame: Optional[FrameType]) -> None:
        if self._draining is not None:  # a second signal: leave now, as uvicorn does
            return super().handle_exit(sig, frame)
        self._draining = asyncio.ensure_future(self._drain_then_exit(sig, frame))

    async def _drain_then_exit(self, sig: signal.Signals, frame: Optional[FrameType]) -> None:
        try:
            await asyncio.gather(*(router.close_all(1012, "server restarting") for router in self._routers))
        finally:
            super().handle_exit(sig, frame)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, so port 0 gives a free port that is known before uvicorn starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def serve(app: object, routers: List[RealtimeRouter], host: str = "127.0.0.1", port: int = 8002, max_frame_bytes: int = 64 * 1024,
          log_level: str = "warning", on_ready: Optional[Callable[[int], None]] = None, per_message_deflate: bool = False) -> None:
    """`uvicorn.run` with the graceful 1012 shutdown; blocks until SIGTERM/SIGINT.

    `per_message_deflate` is off, like the Node reference server (uvicorn's default is on: it costs CPU per
    frame and per socket for small JSON frames).
    """
    # ws_max_size: the websockets library itself closes an oversize frame with 1009 before reading it whole.
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, ws="websockets", ws_max_size=max_frame_bytes,
                            ws_per_message_deflate=per_message_deflate, lifespan="on")
    server = RealtimeServer(config, routers, on_ready)
    sock = bind(host, port)
    server.run(sockets=[sock])
