"""A ClientConnection that notes when the server last sent any byte (control frames too),
reads in small bites so that one read never holds the event loop for long, drops the socket
when a close it started is not finished in time, and hands a flood's messages over a read at a
time instead of one `recv()` each."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from websockets.asyncio.client import ClientConnection
from websockets.frames import Frame, Opcode
from websockets.protocol import Protocol, State

from app.internals.websockets_parts import frames_waiting, read_in_bites
from app.net.connection.frame_split import library_share, take_whole_messages

READ_BYTES = 32 * 1024
"""asyncio reads up to 256 KiB per callback, and websockets parses all of it at once: in a flood
of small messages that is thousands of frames (over 10 ms) between two key presses' turns on the
loop. 32 KiB is a few hundred frames, about a millisecond."""

TEXT, BINARY = Opcode.TEXT, Opcode.BINARY

Take = Callable[[list[str | bytes]], None]


class TrackedConnection(ClientConnection):
    """After the handshake the library is handed whole frames, or a frame whose header has come
    with the rest owed to it, so that this class always knows where the next frame starts: there
    it may take the plain messages itself (`frame_split`), far faster than the library's parser,
    and stay in step with it."""

    last_received: float = 0.0
    _drop_timer: asyncio.TimerHandle | None = None
    take: Take | None = None  # set once open: the messages of each read, in order (README, "Performance")
    _taken: list[str | bytes] | None = None  # this read's messages, while one is being processed
    _framing = False  # the handshake is over: bytes are frames
    _handshake_tail = b""  # the last bytes of the response so far (its end may span two reads)
    _owed = 0  # bytes of a frame the library has the start of
    _left: bytearray  # the start of a frame not all here yet

    def connection_made(self, transport) -> None:
        self.last_received = time.monotonic()
        self._left = bytearray()
        read_in_bites(transport, READ_BYTES)
        super().connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self.protocol.close_sent is None:  # after our close frame, bytes are not traffic
            self.last_received = time.monotonic()
        if self._framing:
            self._left += data
            self._frames()
        else:
            self._response(data)
        self._bound_the_close()

    def _response(self, data: bytes) -> None:
        """The handshake's response goes to the library alone; the frames after it are split."""
        tail = self._handshake_tail + data  # the response's end may come split over two reads
        found = tail.find(b"\r\n\r\n")
        if found < 0:
            self._handshake_tail = tail[-3:]
            super().data_received(data)
            return
        cut = found + 4 - len(self._handshake_tail)
        self._handshake_tail = b""
        super().data_received(data[:cut])
        if self.protocol.state is State.OPEN:
            self._framing = True
            self._left += data[cut:]
            self._frames()
        elif cut < len(data):
            super().data_received(data[cut:])

    def _frames(self) -> None:
        """Take what the fast path may; the library has the rest, at most the start of one frame
        kept back (a header not all here). A frame handed over before its end leaves its rest owed
        to the library, so that this class always knows where the next frame starts."""
        buf, protocol, pos = self._left, self.protocol, 0
        take = self.take
        self._taken = taken = [] if take is not None else None
        view = memoryview(buf)  # the library copies what it is handed: slices of this, not copies
        try:
            if self._owed:
                pos = min(self._owed, len(buf))
                self._owed -= pos
                super().data_received(view[:pos])  # type: ignore[arg-type]
            limit = _limit(protocol)
            while pos < len(buf):
                if protocol.state is not State.OPEN:  # closing, or failed: the library has the rest
                    end, owed = len(buf), 0
                elif taken is not None and self._fast_now():
                    pos = take_whole_messages(buf, pos, limit, taken)
                    end, owed = library_share(buf, pos, one=True)  # then the fast path again
                else:
                    end, owed = library_share(buf, pos)
                if end == pos:
                    break  # a header not all here yet
                super().data_received(view[pos:end])  # type: ignore[arg-type]
                pos, self._owed = end, owed
        finally:
            view.release()
            del buf[:pos]
            self._taken = None
        if taken:
            take(taken)  # type: ignore[misc]

    def _fast_now(self) -> bool:
        """No message is under way through the library, and it holds none for `recv()`."""
        return self.protocol.current_size is None and not self.protocol.extensions and not frames_waiting(self)

    def eof_received(self) -> None:
        if self._framing and self._left:  # a frame cut short: the library says so
            left, self._left = bytes(self._left), bytearray()
            super().data_received(left)
        return super().eof_received()

    def process_event(self, event: object) -> None:
        """A whole message the library parsed (one frame over 64 KiB, say) also goes to this read's
        batch while the library holds none for `recv()`. Everything else takes the library's own
        path, and so does every data frame after it until `recv()` has taken them all, which keeps
        the order: a fragmented message (control frames between its fragments, UTF-8 checked
        across them), a text frame that is not valid UTF-8 (the library closes with 1007), frames
        that came before the batches began."""
        taken = self._taken
        if taken is not None and event.__class__ is Frame:
            opcode = event.opcode  # type: ignore[attr-defined]
            # (a whole message cannot come inside a fragmented one: the library refuses it first)
            if (opcode is TEXT or opcode is BINARY) and event.fin and not frames_waiting(self):  # type: ignore[attr-defined]
                data = event.data  # type: ignore[attr-defined]
                if opcode is BINARY:
                    taken.append(bytes(data))
                    return
                try:
                    taken.append(str(data, "utf-8"))  # any buffer the library hands over
                    return
                except UnicodeDecodeError:
                    pass  # recv() decodes it again, fails, and closes with 1007
        super().process_event(event)  # type: ignore[arg-type]

    def _bound_the_close(self) -> None:
        """websockets answers a protocol error (a masked frame, a message over the size limit) with
        a close frame, then waits for the server to close the TCP connection, for ever if it never
        does: `recv` blocks and the client looks connected. After `close_timeout`, drop it
        (README, Reliability: hostile server behaviour)."""
        if self._drop_timer is None and self.close_deadline is not None and self.protocol.close_expected():
            self._drop_timer = self.loop.call_at(self.close_deadline, self._drop)

    def _drop(self) -> None:
        if self.transport is not None:  # closing or not: a close the peer ignores never ends
            self.transport.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._drop_timer is not None:
            self._drop_timer.cancel()
        super().connection_lost(exc)


def _limit(protocol: Protocol) -> int | None:
    """The largest frame the library takes when no fragmented message is under way (its `parse`)."""
    sizes = [size for size in (protocol.max_message_size, protocol.max_fragment_size) if size is not None]
    return min(sizes) if sizes else None
