"""Two recordings compared: per client, messages aligned in order, JSON compared by structure.

Timing is reported (how far B's messages drift from A's) but never makes two recordings
differ: two runs of the same exchange never have the same clock.
"""

from __future__ import annotations

import json
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from app.log.events import Event
from app.log.script import Message, messages_by_client

MAX_CHANGES_LISTED = 5  # per changed JSON message


@dataclass(frozen=True)
class Difference:
    client: str
    kind: str  # changed, missing (in A only), extra (in B only)
    a: Message | None
    b: Message | None
    index: int  # position (from 1) of the message in A's list for the client, or B's for extra
    detail: str = ""
    after: int = 0  # how many of the client's messages in A come before it (where to show it in A)


@dataclass
class ClientDiff:
    client: str
    same: int = 0
    differences: list[Difference] = field(default_factory=list)
    drifts: list[float] = field(default_factory=list)  # seconds, for each aligned pair

    def count(self, kind: str) -> int:
        return sum(1 for d in self.differences if d.kind == kind)


@dataclass
class DiffResult:
    clients: list[ClientDiff]

    def count(self, kind: str) -> int:
        return sum(c.count(kind) for c in self.clients)

    @property
    def same(self) -> int:
        return sum(c.same for c in self.clients)

    @property
    def differences(self) -> list[Difference]:
        return [d for c in self.clients for d in c.differences]

    @property
    def matches(self) -> bool:
        return not self.differences

    def drift(self) -> tuple[float, float]:
        """(largest, mean) timing drift in seconds over every aligned pair."""
        drifts = [d for c in self.clients for d in c.drifts]
        return (max(drifts), sum(drifts) / len(drifts)) if drifts else (0.0, 0.0)


def diff_recordings(a: Iterable[Event], b: Iterable[Event], ignore: Iterable[str] = ()) -> DiffResult:
    ignored = frozenset(ignore)
    left, right = messages_by_client(a), messages_by_client(b)
    names = list(left) + [name for name in right if name not in left]
    return DiffResult([_diff_client(name, left.get(name, []), right.get(name, []), ignored) for name in names])


def _diff_client(client: str, a: list[Message], b: list[Message], ignored: frozenset[str]) -> ClientDiff:
    result = ClientDiff(client)
    keys_a = [_key(m, ignored) for m in a]
    keys_b = [_key(m, ignored) for m in b]
    start_a = a[0].ts if a else 0.0
    start_b = b[0].ts if b else 0.0

    def aligned(i: int, j: int) -> None:
        result.drifts.append(abs((b[j].ts - start_b) - (a[i].ts - start_a)))

    for tag, i1, i2, j1, j2 in _opcodes(keys_a, keys_b):
        if tag == "equal":
            result.same += i2 - i1
            for offset in range(i2 - i1):
                aligned(i1 + offset, j1 + offset)
            continue
        after = i1
        for i, j in _pair_by_direction(a, range(i1, i2), b, range(j1, j2)):
            if i is not None:
                after = i + 1
            if i is not None and j is not None:
                aligned(i, j)
                detail = _what_changed(a[i], b[j], ignored)
                result.differences.append(Difference(client, "changed", a[i], b[j], i + 1, detail, after))
            elif i is not None:
                result.differences.append(Difference(client, "missing", a[i], None, i + 1, after=after))
            elif j is not None:
                result.differences.append(Difference(client, "extra", None, b[j], j + 1, after=after))
    return result


def _opcodes(a: list[Any], b: list[Any]) -> Iterator[tuple[str, int, int, int, int]]:
    """SequenceMatcher's opcodes, with the common start and end taken off first: two runs of
    the same exchange mostly agree, and the matcher's cost grows with the square of what is left."""
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    if start:
        yield ("equal", 0, start, 0, start)
    middle = SequenceMatcher(None, a[start : len(a) - end], b[start : len(b) - end], autojunk=False)
    for tag, i1, i2, j1, j2 in middle.get_opcodes():
        yield (tag, i1 + start, i2 + start, j1 + start, j2 + start)
    if end:
        yield ("equal", len(a) - end, len(a), len(b) - end, len(b))


def _pair_by_direction(
    a: list[Message], rows_a: range, b: list[Message], rows_b: range
) -> Iterator[tuple[int | None, int | None]]:
    """In a block that differs, a sent message pairs with a sent one (and received with
    received) in order; what is left over is missing from B or extra in B."""
    left, right = deque(rows_a), deque(rows_b)
    left_to_come = Counter(a[i].direction for i in left)
    right_to_come = Counter(b[j].direction for j in right)

    def take_left() -> int:
        i = left.popleft()
        left_to_come[a[i].direction] -= 1
        return i

    def take_right() -> int:
        j = right.popleft()
        right_to_come[b[j].direction] -= 1
        return j

    while left or right:
        if left and right and a[left[0]].direction == b[right[0]].direction:
            yield take_left(), take_right()
        elif left and not right_to_come[a[left[0]].direction]:
            yield take_left(), None
        elif right and not left_to_come[b[right[0]].direction]:
            yield None, take_right()
        elif left:  # both sides have this direction later on: what comes first in A is missing
            yield take_left(), None
        else:
            yield None, take_right()


def _key(message: Message, ignored: frozenset[str]) -> tuple[str, str, Any]:
    data = message.data
    if isinstance(data, bytes):
        return (message.direction, "binary", data)
    parsed = _json(data)
    if parsed is not _NOT_JSON:
        return (message.direction, "json", json.dumps(_without(parsed, ignored), sort_keys=True))
    return (message.direction, "text", data)


_NOT_JSON = object()


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return _NOT_JSON


def _without(value: Any, ignored: frozenset[str]) -> Any:
    """The value with ignored keys removed from every object, at any depth."""
    if isinstance(value, dict):
        return {k: _without(v, ignored) for k, v in value.items() if k not in ignored}
    if isinstance(value, list):
        return [_without(v, ignored) for v in value]
    return value


def _what_changed(a: Message, b: Message, ignored: frozenset[str]) -> str:
    if isinstance(a.data, bytes) or isinstance(b.data, bytes):
        if not isinstance(a.data, bytes) or not isinstance(b.data, bytes):
            return "text in one, binary in the other"
        return f"bytes differ at offset {_first_difference(a.data, b.data)} ({len(a.data)} B, {len(b.data)} B)"
    left, right = _json(a.data), _json(b.data)
    if left is _NOT_JSON or right is _NOT_JSON:
        return f"text differs at character {_first_difference(a.data, b.data)}"
    changes = list(_json_changes(_without(left, ignored), _without(right, ignored), "$"))
    more = f"; and {len(changes) - MAX_CHANGES_LISTED} more" if len(changes) > MAX_CHANGES_LISTED else ""
    return "; ".join(changes[:MAX_CHANGES_LISTED]) + more


def _json_changes(a: Any, b: Any, path: str) -> Iterator[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            where = f"{path}.{key}"
            if key not in b:
                yield f"{where} only in A"
            elif key not in a:
                yield f"{where} only in B"
            else:
                yield from _json_changes(a[key], b[key], where)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _json_changes(x, y, f"{path}[{index}]")
    elif a != b or type(a) is not type(b):
        yield f"{path}: {_short(a)} → {_short(b)}"


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first_difference(a: str | bytes, b: str | bytes) -> int:
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return index
    return min(len(a), len(b))
