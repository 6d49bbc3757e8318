"""Frame names and client-frame parsing of the wire protocol (docs/PROTOCOL.md)."""
from __future__ import annotations

import json
from typing import Any, Dict, Optional


def message_type_of(feed: str) -> str:
    """`queue_update` for `queue`, `adw_monitor_update` for `adw-monitor`."""
    return feed.replace("-", "_") + "_update"


def parse_client_frame(text: str) -> Optional[Dict[str, Any]]:
    """A JSON object with a string `type`, else None (garbage: counted, dropped, the socket stays up)."""
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        return None
    return value


def dumps(frame: Dict[str, Any]) -> str:
    return json.dumps(frame, separators=(",", ":"))
