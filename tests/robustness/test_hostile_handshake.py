"""A handshake from a hostile server or a doctored recording: shown as an exchange, escaped, never
markup, and a value of the wrong type never breaks the detail view."""

from __future__ import annotations

from app.ui.log.exchange_view import exchange_text
from tests.helpers.ui import unsafe

HOSTILE = "[@click=app.quit]x[/] \x1b]52;c;aGk=\x07 \u202e"


def test_hostile_header_names_and_values_are_escaped():
    text = exchange_text(
        {
            "reason": HOSTILE,
            "request": {"line": f"GET /{HOSTILE} HTTP/1.1", "headers": [[HOSTILE, HOSTILE]]},
            "response": {"status": 400, "reason": HOSTILE, "headers": [["Server", HOSTILE]]},
        }
    )
    assert text is not None
    shown = text.plain
    assert unsafe(shown.replace("\n", "")) == []
    assert "[@click=app.quit]" in shown and "\\x1b" in shown and "\\u202e" in shown
    assert {str(span.style) for span in text.spans} <= {"bold", "dim"}  # our styles only: nothing parsed as markup


def test_wrong_types_from_a_recording_are_shown_not_raised():
    for extra in (
        {"request": {"line": 7, "headers": "not a list"}},
        {"request": {"headers": [["only one"], 5, None, ["a", {"b": 1}]]}, "response": {"status": None}},
        {"response": {"headers": [[1, 2]]}, "subprotocol": ["x"], "extensions": "permessage-deflate"},
    ):
        text = exchange_text(extra)
        assert text is not None and unsafe(text.plain.replace("\n", "")) == []
    assert exchange_text({"request": "GET / HTTP/1.1"}) is None  # not an exchange: the usual detail
