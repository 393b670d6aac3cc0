"""The private library details app/internals relies on: an upgrade that moves one fails here first,
by name, instead of as a subtle bug in the interface or the network."""

from __future__ import annotations

import asyncio.selector_events
import asyncio.sslproto
import inspect

import textual
import websockets
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.widgets import Select
from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.messages import Assembler, SimpleQueue
from websockets.protocol import Protocol

from app.internals import TEXTUAL_VERSION, WEBSOCKETS_VERSION
from app.internals.textual_parts import LAYOUT_HANDLER

RECHECK = "re-check app/internals (and its docstring) against this version"


def parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_written_against_these_versions():
    assert textual.__version__.startswith(TEXTUAL_VERSION), f"Textual {textual.__version__}: {RECHECK}"
    assert websockets.__version__.startswith(WEBSOCKETS_VERSION), f"websockets {websockets.__version__}: {RECHECK}"


def test_textual_private_methods_we_override_or_call_are_there():
    assert parameters(Select._watch_value) == ["self", "value"], RECHECK
    assert parameters(ScrollView._scroll_update) == ["self", "virtual_size"], RECHECK
    assert parameters(getattr(Screen, LAYOUT_HANDLER)) == ["self", "message"], RECHECK
    assert parameters(ScrollView.watch_scroll_y) == ["self", "old_value", "new_value"], RECHECK


def test_websockets_redirect_hook_is_there():
    assert parameters(connect.process_redirect) == ["self", "exc"], RECHECK


def test_websockets_frame_methods_we_shadow_are_there():
    assert parameters(ClientConnection.process_event) == ["self", "event"], RECHECK
    assert parameters(Protocol.send_frame) == ["self", "frame"], RECHECK
    assert "self.process_event(event)" in inspect.getsource(ClientConnection.__mro__[1].data_received), RECHECK
    assert "self.send_frame(" in inspect.getsource(Protocol.send_pong), RECHECK


def test_asyncio_read_size_is_a_class_attribute_we_can_set():
    assert isinstance(asyncio.selector_events._SelectorSocketTransport.max_size, int), RECHECK
    assert isinstance(asyncio.sslproto.SSLProtocol.max_size, int), RECHECK


def test_websockets_details_the_fast_path_reads_are_there():
    """The fast path (app/net/connection/tracked_connection.py) hands the library whole frames and
    reads its state between them: the frames queued for recv(), and the parser's limits."""
    source = inspect.getsource(Protocol.__init__)
    for attribute in ("self.current_size", "self.max_message_size", "self.max_fragment_size", "self.extensions"):
        assert attribute in source, f"{attribute}: {RECHECK}"
    assert "self.recv_messages = Assembler(" in inspect.getsource(ClientConnection.__mro__[1]), RECHECK
    assert "self.frames: SimpleQueue" in inspect.getsource(Assembler.__init__), RECHECK
    assert "def __len__" in inspect.getsource(SimpleQueue), RECHECK
