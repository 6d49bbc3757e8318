"""The real process under uvicorn: SIGTERM closes every socket with 1012 before it exits."""
import asyncio
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import websockets

PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def start(*args: str) -> "tuple[subprocess.Popen, str]":
    child = subprocess.Popen(
        [sys.executable, "-m", "zustand_realtime_server", "--port", "0", "--update-ms", "100", *args],
        cwd=PACKAGE_ROOT, env={**os.environ, "PYTHONPATH": str(PACKAGE_ROOT)}, stdout=subprocess.PIPE, text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    match = re.search(r"listening on (ws://\S+)", line)
    if match is None:
        child.kill()
        raise AssertionError(f"no ready line, got {line!r}")
    return child, match.group(1)


def test_sigterm_closes_every_socket_1012_then_exits_0():
    child, base = start()
    try:
        async def scenario() -> "list[tuple[int, str]]":
            sockets = [await websockets.connect(f"{base}/api/v1/ws/{name}") for name in ("queue", "routes", "system-status")]
            for ws in sockets:
                assert '"type":' in await ws.recv()  # the snapshot
            child.send_signal(signal.SIGTERM)
            for ws in sockets:
                await asyncio.wait_for(ws.wait_closed(), 5)
            return [(ws.close_code, ws.close_reason) for ws in sockets]

        closes = asyncio.run(scenario())
        assert closes == [(1012, "server restarting")] * 3
        assert child.wait(timeout=10) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_plain_uvicorn_sends_no_close_frame_on_sigterm_which_is_why_serve_exists():
    # FIELD-NOTES: uvicorn 0.17.6 cuts the connections first and runs the app's shutdown handlers after.
    # If this ever sees 1012 (or 1001), uvicorn has started closing sockets itself and serve() can go.
    import socket as sockets

    probe = sockets.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    child = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "zustand_realtime_server.demo.asgi:app", "--port", str(port), "--log-level", "warning"],
        cwd=PACKAGE_ROOT, env={**os.environ, "PYTHONPATH": str(PACKAGE_ROOT)},
    )
    try:
        async def scenario() -> int:
            for _ in range(100):
                try:
                    ws = await websockets.connect(f"ws://127.0.0.1:{port}/api/v1/ws/queue")
                    break
                except OSError:
                    await asyncio.sleep(0.1)
            await ws.recv()
            child.send_signal(signal.SIGTERM)
            await asyncio.wait_for(ws.wait_closed(), 10)
            return ws.close_code

        assert asyncio.run(scenario()) == 1006
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()


def test_the_demo_serves_the_8_feeds_with_live_data():
    child, base = start()
    try:
        async def scenario() -> "tuple[dict, dict]":
            import json
            async with websockets.connect(f"{base}/api/v1/ws/adw-monitor") as ws:
                first = json.loads(await ws.recv())
                second = json.loads(await asyncio.wait_for(ws.recv(), 5))
            return first, second

        first, second = asyncio.run(scenario())
        assert first["type"] == second["type"] == "adw_monitor_update"
        assert second["seq"] > first["seq"]
        assert {"runs", "summary", "updatedAt"} <= set(first["data"])
    finally:
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=10)


def test_control_burst_publishes_n_updates_of_a_feed_and_refuses_other_actions():
    import json
    import urllib.error
    import urllib.request

    child, base = start("--update-ms", "0", "--control")
    http = base.replace("ws://", "http://")

    def post(body: dict) -> int:
        request = urllib.request.Request(f"{http}/__control", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
        try:
            return urllib.request.urlopen(request).status
        except urllib.error.HTTPError as error:
            return error.code

    try:
        async def scenario() -> "list[int]":
            async with websockets.connect(f"{base}/api/v1/ws/routes") as ws:
                seqs = [json.loads(await ws.recv())["seq"]]
                assert await asyncio.get_running_loop().run_in_executor(None, post, {"action": "burst", "endpoint": "routes", "count": 3}) == 200
                for _ in range(3):
                    seqs.append(json.loads(await asyncio.wait_for(ws.recv(), 5))["seq"])
            return seqs

        assert asyncio.run(scenario()) == [0, 1, 2, 3]
        assert post({"action": "silence", "endpoint": "routes", "on": True}) == 400
        assert post({"action": "burst", "endpoint": "nope"}) == 400
    finally:
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=10)


def test_a_flood_of_handshakes_gets_exactly_the_cap_in_and_the_rest_1013():
    child, base = start("--max-per-endpoint", "10")
    try:
        async def scenario() -> "tuple[int, list[int]]":
            async def one():
                ws = await websockets.connect(f"{base}/api/v1/ws/queue")
                try:
                    await asyncio.wait_for(ws.recv(), 5)  # the snapshot, or the close
                    return ws, None
                except websockets.ConnectionClosed:
                    return ws, ws.close_code

            results = await asyncio.gather(*(one() for _ in range(40)))
            admitted = [ws for ws, code in results if code is None]
            codes = sorted(code for _, code in results if code is not None)
            await asyncio.gather(*(ws.close() for ws, _ in results))
            return len(admitted), codes

        admitted, codes = asyncio.run(scenario())
        assert admitted == 10
        assert codes == [1013] * 30
    finally:
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=10)
