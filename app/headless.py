"""`ws-inspector run`: a scene's clients without the interface, for scripts and CI.

It runs whatever the Session runs; host access is what the settings allow plus `--allow`,
and a client that would need to ask is reported and skipped, never left waiting.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

from app.log.events import EVENT_KINDS, Event
from app.log.filter import bounded_search
from app.model import FieldError
from app.model.protoflux.fields import compile_pattern
from app.net.host_access import Decision, HostAccess
from app.session import Session


class UntilError(ValueError):
    pass


@dataclass(frozen=True)
class Until:
    """`--until`: an event kind, or `KIND ~ REGEX` (searched in a message's text, else the event's details)."""

    kind: str
    pattern: regex.Pattern[str] | None = None

    @classmethod
    def parse(cls, text: str) -> Until:
        kind, tilde, pattern = text.partition("~")
        kind = kind.strip()
        if kind not in EVENT_KINDS:
            raise UntilError(f"{kind!r} is not an event kind (one of {', '.join(EVENT_KINDS)})")
        if not tilde:
            return cls(kind)
        try:
            return cls(kind, compile_pattern(pattern.strip()))
        except FieldError as exc:
            detail = str(exc).split(": ", 1)[-1]  # "not a valid regular expression: <why>"
            raise UntilError(f"{pattern.strip()!r} is not a regular expression: {detail}") from None

    def matches(self, event: Event) -> bool:
        """As the log filter searches: the first MAX_SEARCHED_CHARS, at most SEARCH_BUDGET a message
        (a pattern that backtracks for ever is a miss, never a frozen run)."""
        if event.event != self.kind:
            return False
        if self.pattern is None:
            return True
        try:
            return bounded_search(self.pattern, _searchable(event)) is not None
        except TimeoutError:
            return False


def _searchable(event: Event) -> str:
    data = event.extra.get("data")
    if isinstance(data, str):
        return data
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return json.dumps(event.extra, default=repr)


class HeadlessAsker:
    """Answers every question for host access at once: no, with a note saying how to allow it."""

    def __init__(self, access: HostAccess, session: Session) -> None:
        self.access = access
        self.session = session

    def ask(self, host: str) -> None:
        who = ", ".join(sorted({r.requester for r in self.access.pending(host)}))
        self.session.notice(
            f"{who} needs host access to {host}, which a headless run does not ask for: skipped "
            f"(allow it with --allow {host})"
        )
        self.access.decide(host, Decision.DENIED)

    def withdraw(self, host: str) -> None:
        pass


async def run_headless(
    session: Session,
    until: Until | None,
    duration: float | None,
    stop: asyncio.Event,
    allow: Sequence[str] = (),
) -> bool:
    """Run until the --until event, the duration, or `stop`; True when the run did what was asked
    (the event came; or, without one, the time passed or the run was stopped)."""
    came = asyncio.Event()
    if until is not None:
        session.sink.subscribe(_watch(until, came))
    for host in allow:
        session.access.grant_for_run(host)
    session.access.set_asker(HeadlessAsker(session.access, session))
    await session.start()
    waiters = [asyncio.ensure_future(came.wait()), asyncio.ensure_future(stop.wait())]
    try:
        await asyncio.wait(waiters, timeout=duration, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
        await session.stop()
    return came.is_set() if until is not None else True


def _watch(until: Until, came: asyncio.Event) -> Callable[[Event], None]:
    def watch(event: Event) -> None:
        if until.matches(event):
            came.set()

    return watch
