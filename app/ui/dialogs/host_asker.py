"""Shows the Host Access dialog for the session's HostAccess: one question at a time, one per host."""

from __future__ import annotations

from textual.app import App

from app.net.host_access import Decision, HostAccess
from app.ui.dialogs.host_access_screen import HostAccessDialog
from app.ui.dialogs.typing_guard import TypingGuard


class HostAsker:
    """The `Asker` of app.net.host_access, for a Textual app."""

    def __init__(self, app: App[object], access: HostAccess, typing: TypingGuard | None = None) -> None:
        self.app = app
        self.access = access
        self.typing = typing or TypingGuard()
        self.asking: HostAccessDialog | None = None
        self.queue: list[str] = []

    def ask(self, host: str) -> None:
        if host not in self.queue:
            self.queue.append(host)
        if self.asking is None:
            self._ask_next()
        elif self.asking.host == host:
            self.asking.update_requests(self.access.pending(host))

    def withdraw(self, host: str) -> None:
        if host in self.queue:
            self.queue.remove(host)
        if self.asking is not None and self.asking.host == host:
            dialog, self.asking = self.asking, None
            dialog.dismiss(None)

    def _ask_next(self) -> None:
        if not self.queue:
            return
        host = self.queue[0]
        dialog = HostAccessDialog(host, self.access.pending(host), self.typing)
        self.asking = dialog

        def decided(decision: Decision | None) -> None:
            if self.asking is dialog:
                self.asking = None
            if host in self.queue:
                self.queue.remove(host)
            if decision is not None:
                self.access.decide(host, decision)
            self._ask_next()

        self.app.push_screen(dialog, decided)
