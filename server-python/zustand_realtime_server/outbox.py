"""One socket's outgoing frames: queued without waiting, written in order by the socket's own task.

A broadcast only appends to each peer's queue, so one slow or half-dead peer (its TCP window full) holds
back nothing but its own frames; once it has `limit` frames waiting it is given up (the caller drops it).
Cheaper than a task per frame per peer (`asyncio.gather`), and as safe.
"""
from __future__ import annotations

import asyncio
from collections import deque
from typing import Awaitable, Callable, Deque, Optional

#: Frames a peer may have waiting before it counts as too slow: at the demo's rates, minutes of updates.
DEFAULT_LIMIT = 1024


class Outbox:
    def __init__(self, write: Callable[[str], Awaitable[bool]], limit: int = DEFAULT_LIMIT) -> None:
        self._write = write
        self._limit = limit
        self._queue: Deque[str] = deque()
        self._ready = asyncio.Event()
        self._task: Optional["asyncio.Task[None]"] = asyncio.ensure_future(self._run())

    def push(self, text: str) -> bool:
        """False when the peer is closed or too slow (nothing was queued)."""
        if self._task is None or len(self._queue) >= self._limit:
            return False
        self._queue.append(text)
        self._ready.set()
        return True

    def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self._task = None
        self._queue.clear()

    async def _run(self) -> None:
        while True:
            await self._ready.wait()
            self._ready.clear()
            while self._queue:
                if not await self._write(self._queue.popleft()):
                    self._queue.clear()
                    self._task = None
                    return
