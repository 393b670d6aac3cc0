"""Frames out of the bytes a server sent, without the library: where each one ends, and the whole
unfragmented text and binary ones taken at once (README, "Performance": the fast path). Anything
else is left for websockets to parse, a whole frame at a time."""

from __future__ import annotations

TEXT_FRAME, BINARY_FRAME = 0x81, 0x82  # FIN set, no reserved bits, opcode 1 or 2


def frame_bounds(buf: bytearray, pos: int) -> tuple[int, int] | None:
    """(where the frame starting at `pos` ends, its payload length), or None while its header is
    not all there. Checks nothing else: that is the library's work."""
    size = len(buf)
    head = pos + 2
    if head > size:
        return None
    second = buf[pos + 1]
    length = second & 0x7F
    if length == 126:
        if head + 2 > size:
            return None
        length = int.from_bytes(buf[head : head + 2], "big")
        head += 2
    elif length == 127:
        if head + 8 > size:
            return None
        length = int.from_bytes(buf[head : head + 8], "big")
        head += 8
    if second & 0x80:  # masked: a protocol error the library will name
        head += 4
    return head + length, length


def take_whole_messages(buf: bytearray, pos: int, limit: int | None, out: list[str | bytes]) -> int:
    """Append to `out` the messages of the whole, unmasked, unfragmented text and binary frames
    from `pos` on, up to `limit` bytes each and valid UTF-8 for text; return where it stopped: at
    the end, or at a frame that is not one of those or not all there yet."""
    size = len(buf)
    view = memoryview(buf)
    try:
        while pos + 2 <= size:
            first, length = buf[pos], buf[pos + 1]
            if first != TEXT_FRAME and first != BINARY_FRAME:
                break
            start = pos + 2
            if length > 125:
                if length != 126 or start + 2 > size:  # masked, or over 64 KiB, or not all there
                    break
                length = (buf[start] << 8) | buf[start + 1]
                start += 2
            end = start + length
            if end > size or (limit is not None and length > limit):
                break
            if first == TEXT_FRAME:
                try:
                    out.append(str(view[start:end], "utf-8"))
                except UnicodeDecodeError:
                    break  # the library fails the connection with 1007, as it would have
            else:
                out.append(bytes(view[start:end]))
            pos = end
    finally:
        view.release()  # the buffer is resized next
    return pos


VALID_OPCODES = frozenset((0x0, 0x1, 0x2, 0x8, 0x9, 0xA))


def refused_on_its_first_bytes(buf: bytearray, pos: int) -> bool:
    """The library fails a frame on its first two bytes when they are masked (only clients mask) or
    name no opcode: it must see them at once, not when the rest has come."""
    return pos + 2 <= len(buf) and (buf[pos] & 0x0F not in VALID_OPCODES or bool(buf[pos + 1] & 0x80))


def library_share(buf: bytearray, pos: int, one: bool = False) -> tuple[int, int]:
    """How much from `pos` on the library takes now (with `one`, at most one frame): (end, bytes
    still owed of the frame cut at that end). Whole frames, and a frame whose header is all here
    even when its payload is not (the library judges a header at once: a refusal is never held
    back); a header not all here stays, unless its first bytes are already refused."""
    size = len(buf)
    while pos < size:
        found = frame_bounds(buf, pos)
        if found is None:
            return (size, 0) if refused_on_its_first_bytes(buf, pos) else (pos, 0)
        end = found[0]
        if end > size:
            return size, end - size
        pos = end
        if one:
            break
    return pos, 0
