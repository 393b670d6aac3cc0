"""Host access grants: see them and take them back (the next connection asks again)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from app.net.host_access import HostAccess
from app.ui.safe_text import escape_controls, safe


class GrantsScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss_screen", "Close"),
        Binding("delete,backspace,r", "remove", "Remove grant"),
    ]

    def __init__(self, access: HostAccess) -> None:
        super().__init__()
        self.access = access

    def compose(self) -> ComposeResult:
        with Vertical(id="grants"):
            yield Static(Text("Host access grants"), id="grants-title")
            yield OptionList(id="grants-list")
            yield Static(
                Text("Enter or Delete removes the highlighted grant (asked again next time). Escape closes."),
                id="grants-help",
            )

    def on_mount(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        remembered = self.access.remembered
        for_run = sorted(self.access.session - set(remembered))
        width = max((len(escape_controls(host)) for host in (*remembered, *for_run)), default=0)
        for host in remembered:  # hosts padded to one width, so the words line up
            options.add_option(Option(safe(f"{escape_controls(host):<{width}}   allowed (remembered)"), id=host))
        for host in for_run:
            options.add_option(Option(safe(f"{escape_controls(host):<{width}}   allowed for this run"), id=host))
        if options.option_count:
            options.highlighted = 0
        else:
            options.add_option(Option(Text("No host has been allowed."), disabled=True))
        options.focus()

    def action_remove(self) -> None:
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None:
            return
        host = options.get_option_at_index(index).id
        if host is not None and self.access.revoke(host):
            self.notify(f"Removed the grant for {host}; it will be asked again.", markup=False)
            self.refresh_list()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_remove()

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)
