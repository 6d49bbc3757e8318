"""Snapshot, pong, topic scoping, garbage, polling GETs, /healthz and /metrics (docs/PROTOCOL.md)."""
import json

import anyio
import pytest
from starlette.websockets import WebSocketDisconnect

from zustand_realtime_server import RealtimeOptions, realtime_router
from helpers import Clock, running

STARTED_AT = 1_700_000_000_000


def test_a_socket_gets_the_feeds_snapshot_with_its_seq_first():
    with running(now=Clock(STARTED_AT)) as app, app.client.websocket_connect("/api/v1/ws/queue") as ws:
        assert ws.receive_json() == {"type": "queue_update", "data": {"phases": []}, "seq": 0, "publishedAt": STARTED_AT}


def test_every_frame_carries_when_its_state_was_published_and_a_snapshot_keeps_that_time():
    clock = Clock(STARTED_AT)
    with running(now=clock) as app:
        clock.ms += 5_000
        with app.client.websocket_connect("/api/v1/ws/queue") as early:
            # Initial data counts as published when the server started, not when a socket came.
            assert early.receive_json()["publishedAt"] == STARTED_AT
            clock.ms += 1_000
            app.call(app.router.publish, "queue", {"phases": [{"id": "q-1"}]})
            assert early.receive_json()["publishedAt"] == STARTED_AT + 6_000
        clock.ms += 30_000
        # A later socket and the poll get the state as of its publish, not the time they asked.
        with app.client.websocket_connect("/api/v1/ws/queue") as late:
            assert late.receive_json() == {"type": "queue_update", "data": {"phases": [{"id": "q-1"}]}, "seq": 1, "publishedAt": STARTED_AT + 6_000}
        assert app.client.get("/api/v1/queue").json()["publishedAt"] == STARTED_AT + 6_000
        # Each feed keeps its own time.
        assert app.client.get("/api/v1/system-status").json()["publishedAt"] == STARTED_AT


def test_ping_is_answered_with_a_pong_carrying_the_same_timestamp():
    with running() as app, app.client.websocket_connect("/api/v1/ws/queue") as ws:
        ws.receive_json()
        ws.send_json({"type": "ping", "timestamp": 1234.5})
        assert ws.receive_json() == {"type": "pong", "timestamp": 1234.5}


def test_publish_reaches_only_the_feeds_own_sockets_and_counts_up_seq():
    with running(now=Clock(STARTED_AT)) as app:
        with app.client.websocket_connect("/api/v1/ws/queue") as queue, app.client.websocket_connect("/api/v1/ws/system-status") as status:
            queue.receive_json()
            status.receive_json()
            assert app.call(app.router.publish, "system-status", {"overall": "degraded"}) == 1
            assert status.receive_json() == {"type": "system_status_update", "data": {"overall": "degraded"}, "seq": 1, "publishedAt": STARTED_AT}
            # The queue socket got nothing: its next frame is the pong of this ping.
            queue.send_json({"type": "ping", "timestamp": 1})
            assert queue.receive_json()["type"] == "pong"


def test_garbage_is_counted_and_the_socket_stays_up():
    with running() as app:
        with app.client.websocket_connect("/api/v1/ws/queue") as ws:
            ws.receive_json()
            ws.send_text("not json {")
            ws.send_text(json.dumps({"data": "no type"}))
            ws.send_bytes(b"\x00\x01")
            ws.send_json({"type": "ping", "timestamp": 7})
            assert ws.receive_json() == {"type": "pong", "timestamp": 7}
        metrics = app.router.metrics()
    assert metrics["garbageIn"] == 3
    assert metrics["messagesIn"] == 4


def test_the_polling_get_returns_what_the_socket_sends_first():
    with running(now=Clock(STARTED_AT)) as app:
        app.call(app.router.publish, "queue", {"phases": [{"id": "q-1"}]})
        with app.client.websocket_connect("/api/v1/ws/queue") as ws:
            first = ws.receive_json()
        response = app.client.get("/api/v1/queue")
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
        assert response.json() == first == {"type": "queue_update", "data": {"phases": [{"id": "q-1"}]}, "seq": 1, "publishedAt": STARTED_AT}
        assert app.client.get("/api/v1/nope").status_code == 404


def test_a_feed_without_data_sends_no_snapshot_and_its_get_says_so():
    with running(["queue"]) as app:
        assert app.client.get("/api/v1/queue").status_code == 503
        with app.client.websocket_connect("/api/v1/ws/queue") as ws:
            ws.send_json({"type": "ping", "timestamp": 1})
            assert ws.receive_json()["type"] == "pong"


def test_healthz_and_metrics_have_the_node_servers_shape():
    with running() as app:
        with app.client.websocket_connect("/api/v1/ws/queue") as ws:
            ws.receive_json()
            metrics = app.client.get("/metrics").json()
        assert app.client.get("/healthz").json() == {"ok": True}
    assert set(metrics) == {"connections", "accepts", "rejects", "rejectsByReason", "messagesIn", "messagesOut", "garbageIn", "acceptLog"}
    assert metrics["connections"] == {"total": 1, "byEndpoint": {"queue": 1, "system-status": 0}}
    assert set(metrics["rejectsByReason"]) == {"capacity", "origin", "token", "refused", "not_found"}
    assert [entry["endpoint"] for entry in metrics["acceptLog"]] == ["queue"]
    assert metrics["messagesOut"] == 1


def test_an_unknown_feed_fails_the_handshake_and_is_counted():
    with running() as app:
        with pytest.raises(WebSocketDisconnect):
            with app.client.websocket_connect("/api/v1/ws/nope"):
                pass
        assert app.router.metrics()["rejectsByReason"]["not_found"] == 1


def test_publish_to_an_unknown_feed_names_the_known_ones():
    router = realtime_router(["queue", "system-status"])
    with pytest.raises(KeyError, match="queue, system-status"):
        anyio.run(router.publish, "nope", {})


def test_options_come_as_fields_or_as_one_object_not_both():
    with pytest.raises(TypeError, match="either"):
        realtime_router(["queue"], RealtimeOptions(), token="t")


@pytest.mark.parametrize("field,value", [("idle_ping_ms", 0), ("max_connections", -1), ("retry_after_ms", 1.5)])
def test_bad_options_are_refused_with_the_field_named(field, value):
    with pytest.raises(ValueError, match=field):
        RealtimeOptions(**{field: value})
