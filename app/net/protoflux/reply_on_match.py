"""Reply on match: WebsocketTextMessageReceiver.OnReceived → a regular expression → a
WebsocketTextMessageSender whose text may use the match's groups ({{1}}..{{9}}, {{name}}).
The match runs on the socket's path, so only the first MAX_SEARCHED_CHARS of a text are searched, a
search that takes over SEARCH_BUDGET is given up (and the rule disabled), and the reply is a task
on the loop."""

from __future__ import annotations

from typing import Any

import regex

from app.log.filter import SEARCH_BUDGET, bounded_search
from app.model import Component
from app.model.protoflux.fields import compile_pattern
from app.net.behaviours import ClientLink
from app.net.protoflux.base import ProtoFluxBehaviour
from app.net.protoflux.loop_guard import LoopGuard


class ReplyOnMatchBehaviour(ProtoFluxBehaviour):
    wants_messages = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard = LoopGuard()
        self._pattern = self._compile(self.component["Pattern"])

    @staticmethod
    def _compile(pattern: str) -> regex.Pattern[str] | None:
        return compile_pattern(pattern) if pattern else None  # the field refused invalid ones; empty: nothing

    @property
    def listening(self) -> bool:
        """A pattern, Enabled, on an active slot: then the socket hands it every message."""
        return self._pattern is not None and self.enabled

    def hierarchy_changed(self) -> None:
        if self.link is not None:  # its slot (or one above) may have been switched off or on
            self.link.refresh_receivers()

    def _field_changed(self, component: Component, name: str, old: Any, new: Any) -> None:
        if name == "Pattern":
            self._pattern = self._compile(new)
        elif name == "Enabled" and new:
            self.guard = LoopGuard()  # switched back on by a person: start afresh
        if name in ("Pattern", "Enabled") and self.link is not None:
            self.link.refresh_receivers()

    def received(self, link: ClientLink, message: str | bytes) -> None:
        pattern = self._pattern
        if pattern is None or not isinstance(message, str):
            return
        try:
            match = bounded_search(pattern, message)
        except TimeoutError:
            self.report(f"the Pattern took over {SEARCH_BUDGET * 1000:g} ms on one message; rule disabled")
            self.component.set("Enabled", False)
            return
        if match is None:
            return
        loop = self.guard.loop_in(message)
        if loop is not None:
            self.stop_loop(loop)
            return
        groups = {str(i): value or "" for i, value in enumerate(match.groups()[:9], start=1)}
        groups.update({name: value or "" for name, value in match.groupdict().items()})
        reply = self.message(self.component["Reply"], groups=groups)
        if reply:
            self.guard.replied(reply)
            self.spawn(self.send(link, reply))

    def stop_loop(self, reason: str) -> None:
        """Logged once: disabling the rule means it never gets here again until switched back on."""
        self.report(f"reply loop stopped: {reason}; {self.component.TYPE_NAME} disabled")
        self.component.set("Enabled", False)
