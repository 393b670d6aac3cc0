"""F1: every key, in one place."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Anywhere",
        [
            ("F1", "this help"),
            ("Ctrl+P", "command palette: connect, disconnect, send, ping, control frames, save, grants, theme..."),
            ("Tab / Shift+Tab", "next / previous area"),
            ("Ctrl+N", "add a child slot"),
            ("F4", "attach a component (searchable picker); Ctrl+W in a text field deletes a word"),
            ("F5", "zoom: the pane with the focus fills the screen; F5 again goes back"),
            ("F6 / F7", "focus the log / the send bar"),
            ("Ctrl+L", "clear the log pane (a recording keeps everything)"),
            ("Ctrl+F", "filter the log (or back to the filter's text); Escape in the bar closes it"),
            ("F8", "statistics per client"),
            ("F9", "export the log (or the filtered entries) as JSON Lines; says the full path"),
            ("Ctrl+G", "host access grants: see and remove"),
            ("Ctrl+S", "save the scene now (it saves itself after every change)"),
            ("Ctrl+Q", "quit"),
        ],
    ),
    (
        "Hierarchy",
        [
            ("Up / Down, Enter", "move, expand and collapse"),
            ("n", "add child"),
            ("i", "insert parent"),
            ("d", "duplicate"),
            ("Delete", "destroy (asks first)"),
            ("e", "edit: jump to the client's URL field (or the slot's Name)"),
            ("r / F2", "rename (in the slot panel's Name field)"),
            ("s / u", "set root / root up"),
        ],
    ),
    (
        "Fields",
        [
            ("Enter, or leaving", "apply; a refused value says why under the field"),
            ("Escape", "put back the current value"),
            ("Space", "toggle a checkbox"),
        ],
    ),
    (
        "Log and send bar",
        [
            ("Up / Down / PageUp / Home", "select an entry (pauses following)"),
            ("Enter, or double-click", "the entry in full: JSON pretty-printed, binary as a hex dump; c copies"),
            ("End", "follow the newest entry"),
            ("p", "pause or follow"),
            ("t", "timestamps: wall clock or time since the previous entry"),
            ("n / N", "next / previous difference (ws-inspector diff A B --open)"),
            ("Ctrl+R", "in the recording viewer: replay what it shows to a URL"),
            ("Enter", "send the text to the selected slot's client"),
            ("Ctrl+B", "switch between text and hex (binary)"),
            ("Ctrl+O", "saved messages: send one, or E to edit it here first"),
            ("Up / Down", "earlier messages you sent"),
            ("/connect [URL] [USER]", "connect (like WebsocketConnect); /disconnect; /hex HEX; //text"),
            ("/ping [TEXT]", "send a ping; the pong is logged with its round trip"),
            ("/close [CODE] [REASON]", "close with 1000 or 3000-4999 (stays closed until /connect)"),
        ],
    ),
    (
        "Host Access dialog",
        [
            ("a / o / d", "Allow (remembered) / Allow once / Deny, after a pause in typing"),
            ("", "(keys typed as it opens turn them off)"),
            ("Tab, Enter", "the buttons"),
            ("Escape", "not now"),
        ],
    ),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Keys"), id="help-title")
            for area, keys in KEYS:
                table = Table(title=area, title_justify="left", show_header=False, box=None, expand=True)
                table.add_column(style="bold", width=22)
                table.add_column()
                for key, what in keys:
                    table.add_row(Text(key), Text(what))
                yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)
