"""A handshake as an HTTP exchange for the detail view: the request line and headers sent, the
status line and headers received, the subprotocol and extensions agreed. The values come from the
network or a recording: every one is escaped, and a malformed one is shown as its JSON."""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text

from app.ui.safe_text import clip, escape_controls

VALUE_LIMIT = 2000


def _safe(value: Any) -> str:
    return escape_controls(clip(value if isinstance(value, str) else json.dumps(value, default=repr), VALUE_LIMIT))


def _headers(text: Text, headers: Any) -> None:
    if not isinstance(headers, list):
        return
    for pair in headers:
        if isinstance(pair, list | tuple) and len(pair) == 2:
            text.append(_safe(pair[0]), style="bold")
            text.append(f": {_safe(pair[1])}\n")
        else:
            text.append(_safe(pair) + "\n", style="dim")


def exchange_text(extra: dict[str, Any]) -> Text | None:
    """The exchange, or None when the event holds no handshake."""
    request, response = extra.get("request"), extra.get("response")
    if not isinstance(request, dict) and not isinstance(response, dict):
        return None
    text = Text()
    if extra.get("reason"):
        text.append(_safe(extra["reason"]) + "\n\n", style="bold")
    if isinstance(request, dict):
        text.append("→ " + _safe(request.get("line", "GET")) + "\n", style="bold")
        _headers(text, request.get("headers"))
    if isinstance(response, dict):
        status = f"HTTP/1.1 {_safe(response.get('status', '?'))} {_safe(response.get('reason', ''))}".rstrip()
        text.append("\n← " + status + "\n", style="bold")
        _headers(text, response.get("headers"))
    else:
        text.append("\n← (no response)\n", style="dim")
    if "subprotocol" in extra:
        text.append("\nsubprotocol: ", style="bold")
        text.append(_safe(extra["subprotocol"]) if extra["subprotocol"] else "none")
    if "extensions" in extra:
        extensions = extra["extensions"]
        shown = ", ".join(_safe(e) for e in extensions) if isinstance(extensions, list) else _safe(extensions)
        text.append("\nextensions: ", style="bold")
        text.append(shown or "none")
    return text
