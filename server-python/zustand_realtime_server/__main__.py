"""`npm run server:python -- --port 8002`: the demo feeds over the Python kit (flags as `npm run server`)."""
from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional

from .demo import create_demo_app
from .options import RealtimeOptions
from .serve import serve


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer, got {text}")
    return value


def parse(argv: List[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="npm run server:python --", description=__doc__)
    parser.add_argument("--port", type=_non_negative, default=int(os.environ.get("PORT") or 8002), help="0 picks a free port")
    parser.add_argument("--host", default=os.environ.get("HOST") or "127.0.0.1")
    parser.add_argument("--update-ms", type=_non_negative, default=1000)
    parser.add_argument("--token", default=os.environ.get("WS_TOKEN") or None)
    parser.add_argument("--origins", default=os.environ.get("ALLOWED_ORIGINS") or None, help="comma-separated allow-list")
    parser.add_argument("--seed", type=_non_negative, default=1)
    parser.add_argument("--idle-ping-ms", type=_non_negative, default=60_000)
    parser.add_argument("--max-connections", type=_non_negative, default=1000)
    parser.add_argument("--max-per-endpoint", type=_non_negative, default=500)
    parser.add_argument("--retry-after-ms", type=_non_negative, default=2000)
    parser.add_argument("--max-frame-bytes", type=_non_negative, default=64 * 1024)
    parser.add_argument("--control", action="store_true", help='serve POST /__control {"action":"burst",...} (bench)')
    parser.add_argument("--legacy", action="store_true", help="behave like the plan's old backend (migration tests)")
    return parser.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> None:
    args = parse(sys.argv[1:] if argv is None else argv)
    origins = [item.strip() for item in args.origins.split(",") if item.strip()] if args.origins else None
    try:
        options = RealtimeOptions(
            max_connections=args.max_connections, max_connections_per_endpoint=args.max_per_endpoint,
            retry_after_ms=args.retry_after_ms, max_frame_bytes=args.max_frame_bytes, allowed_origins=origins,
            token=args.token, idle_ping_ms=args.idle_ping_ms, legacy=args.legacy,
        )
    except ValueError as error:
        print(error, file=sys.stderr)
        sys.exit(2)
    app, router = create_demo_app(options, update_ms=args.update_ms, seed=args.seed, control=args.control)
    host = f"[{args.host}]" if ":" in args.host else args.host
    mode = " (legacy)" if args.legacy else ""

    def ready(port: int) -> None:
        # Tests, scripts/start.mjs and the E2E runner wait for this line (and read the real port from it).
        print(f"python reference server listening on ws://{host}:{port}{mode}", flush=True)

    serve(app, [router], host=args.host, port=args.port, max_frame_bytes=args.max_frame_bytes, on_ready=ready)


if __name__ == "__main__":
    main()
