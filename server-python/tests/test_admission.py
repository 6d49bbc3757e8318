"""Caps (1013 + retryAfterMs), token (4401), Origin (1008), frame size (1009)."""
import json

import pytest
from starlette.websockets import WebSocketDisconnect

from helpers import running


def closed_with(session) -> WebSocketDisconnect:
    with pytest.raises(WebSocketDisconnect) as info:
        session.receive_json()
    return info.value


def test_a_socket_over_the_per_endpoint_cap_is_closed_1013_with_retry_after():
    with running(max_connections_per_endpoint=2, retry_after_ms=750) as app:
        with app.client.websocket_connect("/api/v1/ws/queue") as one, app.client.websocket_connect("/api/v1/ws/queue") as two:
            one.receive_json()
            two.receive_json()
            with app.client.websocket_connect("/api/v1/ws/queue") as third:
                refusal = closed_with(third)
            # Another endpoint still has room.
            with app.client.websocket_connect("/api/v1/ws/system-status") as other:
                assert other.receive_json()["type"] == "system_status_update"
        assert refusal.code == 1013
        assert json.loads(refusal.reason) == {"retryAfterMs": 750}
        assert app.router.metrics()["rejectsByReason"]["capacity"] == 1


def test_the_global_cap_counts_every_endpoint():
    with running(max_connections=1) as app:
        with app.client.websocket_connect("/api/v1/ws/queue") as one:
            one.receive_json()
            with app.client.websocket_connect("/api/v1/ws/system-status") as two:
                assert closed_with(two).code == 1013


def test_a_wrong_or_missing_token_is_closed_4401_and_the_right_one_admitted():
    with running(token="s3cret") as app:
        for path in ("/api/v1/ws/queue", "/api/v1/ws/queue?token=wrong"):
            with app.client.websocket_connect(path) as ws:
                refusal = closed_with(ws)
                assert (refusal.code, refusal.reason) == (4401, "unauthorized")
        with app.client.websocket_connect("/api/v1/ws/queue?token=s3cret") as ws:
            assert ws.receive_json()["type"] == "queue_update"
        assert app.router.metrics()["rejectsByReason"]["token"] == 2


def test_an_origin_off_the_allow_list_is_closed_1008_and_no_origin_is_allowed():
    with running(allowed_origins=["https://dash.example"]) as app:
        with app.client.websocket_connect("/api/v1/ws/queue", headers={"origin": "https://evil.example"}) as ws:
            assert closed_with(ws).code == 1008
        with app.client.websocket_connect("/api/v1/ws/queue", headers={"origin": "https://dash.example"}) as ws:
            assert ws.receive_json()["type"] == "queue_update"
        with app.client.websocket_connect("/api/v1/ws/queue") as ws:
            assert ws.receive_json()["type"] == "queue_update"


def test_a_frame_over_the_limit_closes_the_socket_1009():
    with running(max_frame_bytes=1024) as app:
        with app.client.websocket_connect("/api/v1/ws/queue") as ws:
            ws.receive_json()
            ws.send_text(json.dumps({"type": "ping", "pad": "x" * 1024}))
            assert closed_with(ws).code == 1009
        assert app.router.metrics()["connections"]["total"] == 0
