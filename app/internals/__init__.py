"""Every place where we reach into a library's private details, behind one door.

Each override names the version it was written against; `tests/unit/test_internals.py` fails loudly
(naming what to re-check) when an upgrade moves or renames what we rely on. Written against:

- Textual 8.2 (`textual_parts.py`): `Select._watch_value` (a value shown before the Select's
  label is composed), `ScrollView._scroll_update` (the log's row count without a layout pass),
  `Screen._on_layout` (tests count layout passes through it). Not private, but checked all the
  same: `ScrollView.watch_scroll_y(old_value, new_value)`, which the log view extends.
- websockets 17 (`websockets_parts.py`): `connect.process_redirect` (stop at a redirect to another
  host, to ask for host access first); `Connection.process_event` and `Protocol.send_frame`,
  shadowed on one connection while control frames are shown; `Connection.recv_messages.frames`,
  the frames queued for `recv()` (the fast path takes a message only when none are).
- asyncio, CPython 3.11–3.13 (`websockets_parts.py`): the `max_size` class attribute of the selector
  socket transport and of the SSL protocol (how much one read takes off the socket).
"""

TEXTUAL_VERSION = "8.2"
WEBSOCKETS_VERSION = "17."
