"""A diff shown in the log viewer: recording A's events, with a `diff` event after each place
where B differs, so the viewer can mark them and jump from one to the next."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from app.log.diff import Difference, DiffResult
from app.log.events import Event
from app.log.script import is_message

DIFF_KIND = "diff"


def describe_difference(difference: Difference) -> str:
    """One line: what differs, and the message(s), not yet escaped."""
    message = difference.a or difference.b
    assert message is not None
    where = f"#{difference.index} {message.direction}"
    if difference.kind == "changed" and difference.b is not None:
        return f"changed {where}: {difference.detail}; B has {difference.b.preview()}"
    if difference.kind == "missing":
        return f"missing from B: {where} above"
    assert difference.b is not None
    return f"extra in B: {where} {difference.b.preview()}"


def annotated(a: Iterable[Event], result: DiffResult) -> list[Event]:
    """A's events with a `diff` event after the message each difference is about (an extra
    message of B: after the message of A that comes before it)."""
    pending: dict[str, dict[int, list[Difference]]] = defaultdict(lambda: defaultdict(list))
    for difference in result.differences:
        pending[difference.client][difference.after].append(difference)
    shown: list[Event] = []
    counts: dict[str, int] = defaultdict(int)

    def flush(client: str, after: int, ts: float) -> None:
        for difference in pending[client].pop(after, []):
            shown.append(Event(client, DIFF_KIND, {"reason": describe_difference(difference)}, ts))

    for event in a:
        if is_message(event):
            if counts[event.client] == 0:
                flush(event.client, 0, event.ts)
            counts[event.client] += 1
            shown.append(event)
            flush(event.client, counts[event.client], event.ts)
        else:
            shown.append(event)
    last = shown[-1].ts if shown else 0.0
    for client, places in pending.items():  # a client only B has
        for after in sorted(places):
            flush(client, after, last)
    return shown
