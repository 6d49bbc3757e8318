"""`legacy=True` reproduces the plan's old backend, for migration tests."""
import time

from helpers import Clock, running


def test_legacy_sends_no_snapshot_no_pong_and_every_update_to_every_socket():
    with running(legacy=True, idle_ping_ms=100, now=Clock(1_700_000_000_000)) as app:
        with app.client.websocket_connect("/api/v1/ws/queue") as queue, app.client.websocket_connect("/api/v1/ws/system-status") as status:
            queue.send_json({"type": "ping", "timestamp": 1})
            time.sleep(0.3)  # longer than idle_ping_ms: the old backend has no server_ping either
            assert app.call(app.router.publish, "system-status", {"overall": "down"}) == 2
            # `publishedAt` is the envelope's, as in the Node server's legacy mode.
            expected = {"type": "system_status_update", "data": {"overall": "down"}, "publishedAt": 1_700_000_000_000}
            # The first frame either socket sees is that update: no snapshot, no pong, no server_ping, no seq.
            assert queue.receive_json() == expected
            assert status.receive_json() == expected
        assert app.client.get("/api/v1/system-status").json() == expected
