"""Apps for the tests: the kit with two small feeds, driven by hand (no generator)."""
from contextlib import contextmanager
from typing import Any, Awaitable, Callable, Iterator, Tuple, TypeVar

from fastapi import FastAPI
from starlette.testclient import TestClient

from zustand_realtime_server import RealtimeRouter, realtime_router

FEEDS = {"queue": {"phases": []}, "system-status": {"overall": "healthy"}}
T = TypeVar("T")


class Clock:
    """ms since the epoch that move only when a test says so (`clock.ms += n`)."""

    def __init__(self, ms: int = 1_000_000) -> None:
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


class Running:
    def __init__(self, client: TestClient, router: RealtimeRouter) -> None:
        self.client = client
        self.router = router

    def call(self, fn: Callable[..., Awaitable[T]], *args: Any) -> T:
        """Runs a coroutine of the kit on the app's own event loop."""
        assert self.client.portal is not None
        return self.client.portal.call(fn, *args)


@contextmanager
def running(feeds: Any = None, **options: Any) -> Iterator[Running]:
    """The app with its lifespan running (startup, shutdown) and one event loop for every socket."""
    app = FastAPI()
    router = realtime_router(dict(FEEDS) if feeds is None else feeds, **options)
    app.include_router(router)
    with TestClient(app) as client:
        yield Running(client, router)
