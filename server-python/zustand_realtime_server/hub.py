"""Open sockets per endpoint, the feeds' snapshots and `seq`, and the one way frames leave the server."""
from __future__ import annotations

import asyncio
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Set, Union

from starlette.websockets import WebSocket, WebSocketState

from .admission import admit
from .frames import dumps, message_type_of, parse_client_frame
from .idle import IdleWatch
from .metrics import MetricsRecorder, now_ms
from .options import RealtimeOptions
from .outbox import Outbox

#: Sockets that ignore our close frame this long are left to the server, so shutdown stays quick.
CLOSE_GRACE_S = 0.5

FeedsArg = Union[Mapping[str, Any], Iterable[str]]


class Peer:
    __slots__ = ("websocket", "endpoint", "idle", "outbox")

    def __init__(self, websocket: WebSocket, endpoint: str) -> None:
        self.websocket = websocket
        self.endpoint = endpoint
        self.idle: Optional[IdleWatch] = None
        self.outbox = Outbox(self._write)

    async def _write(self, text: str) -> bool:
        if self.websocket.application_state != WebSocketState.CONNECTED:
            return False
        try:
            await self.websocket.send_text(text)
            return True
        except Exception:  # the socket went away under us; its receive loop unregisters it
            return False


class Feed:
    __slots__ = ("name", "type", "data", "seq", "has_data", "published_at")

    def __init__(self, name: str, data: Any, has_data: bool, published_at: int) -> None:
        self.name = name
        self.type = message_type_of(name)
        self.data = data
        self.seq = 0
        self.has_data = has_data
        #: ms since the epoch: the last publish, or the hub's start for the initial data (as server/redis/topicBus.ts).
        self.published_at = published_at


class RealtimeHub:
    """The protocol for a set of feeds; `realtime_router` puts it behind FastAPI routes."""

    def __init__(self, feeds: FeedsArg, options: Optional[RealtimeOptions] = None, now: Callable[[], int] = now_ms) -> None:
        self.options = options or RealtimeOptions()
        #: ms since the epoch; stamps `publishedAt` and `server_ping` timestamps.
        self.now = now
        initial = dict(feeds) if isinstance(feeds, Mapping) else {name: None for name in feeds}
        if not initial:
            raise ValueError("realtime_router needs at least one feed name")
        started_at = now()
        self.feeds: Dict[str, Feed] = {
            name: Feed(name, data, isinstance(feeds, Mapping) and data is not None, started_at) for name, data in initial.items()
        }
        self.peers: Dict[str, Set[Peer]] = {name: set() for name in self.feeds}
        #: Admitted sockets whose handshake is still being completed (they count against the caps).
        self.admitting: Dict[str, int] = {name: 0 for name in self.feeds}
        self.metrics = MetricsRecorder()
        self.closing = False

    # ---- frames -------------------------------------------------------------------------------
    def frame(self, feed: str) -> Optional[Dict[str, Any]]:
        """The feed's snapshot as `{type, data, seq, publishedAt}` (no `seq` in legacy mode); None before any data.

        `publishedAt` is when this state was published, so a snapshot says how old it is; the Node server's
        legacy mode keeps it too (it is the envelope's, not the old backend's payload).
        """
        state = self.feeds[feed]
        if not state.has_data:
            return None
        frame: Dict[str, Any] = {"type": state.type, "data": state.data}
        if not self.options.legacy:
            frame["seq"] = state.seq
        frame["publishedAt"] = state.published_at
        return frame

    async def publish(self, feed: str, data: Any) -> int:
        """Stores `data` as the feed's snapshot and sends it to the feed's sockets; returns how many got it."""
        if feed not in self.feeds:
            raise KeyError(f"unknown feed {feed!r}; known: {', '.join(self.feeds)}")
        state = self.feeds[feed]
        state.data, state.has_data, state.seq, state.published_at = data, True, state.seq + 1, self.now()
        text = dumps(self.frame(feed) or {})
        # The old backend sent every update to every socket; we send it to the feed's own only.
        targets = [peer for peers in self.peers.values() for peer in peers] if self.options.legacy else list(self.peers[feed])
        return await self._deliver(targets, text)

    async def _deliver(self, targets: List[Peer], text: str) -> int:
        sent = 0
        for peer in targets:
            if peer.outbox.push(text):
                sent += 1
            elif peer in self.peers[peer.endpoint]:
                self._too_slow(peer)
        self.metrics.messages_out += sent
        return sent

    def _too_slow(self, peer: Peer) -> None:
        # Its queue is full (or its writer failed): drop it so it costs the others nothing; it reconnects.
        self.peers[peer.endpoint].discard(peer)
        retry = dumps({"retryAfterMs": self.options.retry_after_ms})
        asyncio.ensure_future(self._close(peer, 1013, retry))

    # ---- connections --------------------------------------------------------------------------
    def connections(self) -> Dict[str, int]:
        return {name: len(peers) for name, peers in self.peers.items()}

    def metrics_snapshot(self) -> Dict[str, object]:
        return self.metrics.snapshot(self.connections())

    async def serve_socket(self, websocket: WebSocket, feed: str) -> None:
        """Runs one socket from handshake to close."""
        if feed not in self.feeds or self.closing:
            # Before accept: the handshake fails (HTTP 403), as an unknown path does on the Node server.
            self.metrics.rejected("not_found" if feed not in self.feeds else "refused")
            await websocket.close()
            return
        total = sum(len(peers) for peers in self.peers.values()) + sum(self.admitting.values())
        rejection = admit(self.options, websocket.headers.get("origin"), websocket.query_params.get("token"), total,
                          len(self.peers[feed]) + self.admitting[feed])
        # Accept first: a close code only reaches the client over an open socket. The slot is held during
        # the await, so a flood of handshakes cannot all pass the cap before the first one registers.
        if rejection is None:
            self.admitting[feed] += 1
        try:
            await websocket.accept()
        finally:
            if rejection is None:
                self.admitting[feed] -= 1
        if rejection is not None:
            self.metrics.rejected(rejection.metric)
            await websocket.close(rejection.code, rejection.reason)
            return
        peer = Peer(websocket, feed)
        self.peers[feed].add(peer)
        self.metrics.accepted(feed)
        try:
            if not self.options.legacy:
                peer.idle = IdleWatch(self.options.idle_ping_ms / 1000, lambda: self._idle(peer), lambda: self._dead(peer))
                snapshot = self.frame(feed)
                if snapshot is not None:
                    await self._deliver([peer], dumps(snapshot))
            await self._receive_loop(peer)
        finally:
            if peer.idle is not None:
                peer.idle.stop()
            peer.outbox.close()
            self.peers[feed].discard(peer)

    async def _receive_loop(self, peer: Peer) -> None:
        websocket = peer.websocket
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            if peer.idle is not None:
                peer.idle.heard()
            self.metrics.messages_in += 1
            text = message.get("text")
            if text is None:  # binary frames are not part of the protocol
                self.metrics.garbage_in += 1
                continue
            if len(text.encode()) > self.options.max_frame_bytes:
                await websocket.close(1009, "frame too large")
                return
            frame = parse_client_frame(text)
            if frame is None:
                self.metrics.garbage_in += 1
                continue
            if frame["type"] == "ping" and not self.options.legacy:
                pong: Dict[str, Any] = {"type": "pong"}
                if "timestamp" in frame:
                    pong["timestamp"] = frame["timestamp"]
                await self._deliver([peer], dumps(pong))
            # `pong` (the answer to server_ping) and unknown types only count as liveness.

    def _idle(self, peer: Peer) -> None:
        asyncio.ensure_future(self._deliver([peer], dumps({"type": "server_ping", "timestamp": self.now()})))

    def _dead(self, peer: Peer) -> None:
        # Unregister at once, so no broadcast goes into a dead socket while its close handshake times out.
        self.peers[peer.endpoint].discard(peer)
        asyncio.ensure_future(self._close(peer, 1001, "no answer to server_ping"))

    async def _close(self, peer: Peer, code: int, reason: str) -> None:
        if peer.websocket.application_state != WebSocketState.CONNECTED:
            return
        peer.outbox.close()
        try:
            await peer.websocket.close(code, reason)
        except Exception:
            pass

    async def close_all(self, code: int = 1001, reason: str = "server shutting down") -> int:
        """Refuses new sockets and closes every open one with `code`; returns how many it closed."""
        self.closing = True
        peers = [peer for peers in self.peers.values() for peer in peers]
        if peers:
            closing = asyncio.gather(*(self._close(peer, code, reason) for peer in peers))
            try:
                await asyncio.wait_for(asyncio.shield(closing), CLOSE_GRACE_S)
            except asyncio.TimeoutError:
                pass  # the close frames are out; the server drops what is left
        return len(peers)
