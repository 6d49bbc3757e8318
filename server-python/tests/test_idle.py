"""server_ping after the idle time; a peer that never answers is dropped and removed."""
import pytest
from starlette.websockets import WebSocketDisconnect

from helpers import running


def test_a_quiet_socket_gets_a_server_ping_and_stays_when_it_answers():
    with running(idle_ping_ms=150) as app, app.client.websocket_connect("/api/v1/ws/queue") as ws:
        ws.receive_json()
        ping = ws.receive_json()
        assert ping["type"] == "server_ping" and isinstance(ping["timestamp"], int)
        ws.send_json({"type": "pong", "timestamp": ping["timestamp"]})
        # Answered: the next thing is another server_ping after another quiet period, not a close.
        assert ws.receive_json()["type"] == "server_ping"


def test_a_peer_that_never_answers_is_closed_and_leaves_the_registry():
    with running(idle_ping_ms=150) as app:
        with app.client.websocket_connect("/api/v1/ws/queue") as ws:
            ws.receive_json()
            assert ws.receive_json()["type"] == "server_ping"
            with pytest.raises(WebSocketDisconnect) as info:
                ws.receive_json()
            assert info.value.code == 1001
            assert app.router.metrics()["connections"]["total"] == 0
            # A broadcast now goes to nobody.
            assert app.call(app.router.publish, "queue", {"phases": []}) == 0
