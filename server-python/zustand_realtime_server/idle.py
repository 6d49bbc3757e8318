"""One client's silence: `on_idle` after `idle_s` of it, `on_dead` after as long again unanswered."""
from __future__ import annotations

import asyncio
import time
from typing import Callable, Optional


class IdleWatch:
    # One timer per client, re-armed lazily when it fires, not on every frame (as server/idleWatch.ts).
    def __init__(self, idle_s: float, on_idle: Callable[[], None], on_dead: Callable[[], None]) -> None:
        self._idle_s = idle_s
        self._on_idle = on_idle
        self._on_dead = on_dead
        self._last_heard = time.monotonic()
        self._pinged_at: Optional[float] = None
        self._timer: Optional[asyncio.TimerHandle] = None
        self._arm(idle_s)

    def heard(self) -> None:
        self._last_heard = time.monotonic()
        self._pinged_at = None

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = None

    def _arm(self, delay_s: float) -> None:
        self._timer = asyncio.get_running_loop().call_later(max(0.001, delay_s), self._check)

    def _check(self) -> None:
        self._timer = None
        at = time.monotonic()
        if self._pinged_at is None:
            quiet = at - self._last_heard
            if quiet < self._idle_s:
                return self._arm(self._idle_s - quiet)
            self._pinged_at = at
            self._on_idle()
            return self._arm(self._idle_s)
        unanswered = at - self._pinged_at
        if unanswered < self._idle_s:
            return self._arm(self._idle_s - unanswered)
        self._on_dead()
