"""Saved messages (README, "Behaviours"): a picker over every SavedMessages component in the scene.
Enter sends the message to the client its component drives; E puts it, filled in, into the send
bar to edit first (it then goes to the send bar's client, like anything typed)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from app.model import Component, SavedMessages, Scene
from app.net.behaviours import client_of
from app.net.connections import SceneConnections
from app.net.protoflux import SavedMessagesBehaviour
from app.ui.log.format import short_client
from app.ui.safe_text import clip, safe
from app.ui.send.send_bar import SendBar

PREVIEW = 48


@dataclass(frozen=True)
class SavedChoice:
    component: Component  # the SavedMessages component that holds it
    name: str
    edit: bool  # True: into the send bar; False: send now


def saved_messages(scene: Scene, first_for: Component | None = None) -> list[tuple[Component, str, str]]:
    """(component, name, body) for every saved message; those driving `first_for` come first."""
    holders = [c for c in scene.components() if isinstance(c, SavedMessages)]
    holders.sort(key=lambda c: first_for is None or client_of(c) is not first_for)
    return [(c, name, body) for c in holders for name, body in c["Messages"]]


class SavedPicker(ModalScreen[SavedChoice | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("e", "edit", "Edit in the send bar"),
    ]

    def __init__(self, messages: list[tuple[Component, str, str]]) -> None:
        super().__init__()
        self.messages = messages

    def compose(self) -> ComposeResult:
        with Vertical(id="saved"):
            yield Static(Text("Saved messages"), id="saved-title")
            yield OptionList(id="saved-list")
            yield Static(Text("Enter sends it · E puts it in the send bar to edit · Escape closes"), id="saved-help")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        for index, (component, name, body) in enumerate(self.messages):
            client = client_of(component)
            target = short_client(client.path) if client is not None else "no client"
            label = safe(clip(name, 24), style="bold")
            label.append_text(safe(f"  → {target}  ", style="dim"))
            label.append_text(safe(clip(body, PREVIEW)))
            options.add_option(Option(label, id=str(index)))
        if not self.messages:
            options.add_option(
                Option(Text("No saved messages: attach ProtoFlux/SavedMessages to a slot."), disabled=True)
            )
        else:
            options.highlighted = 0
        options.focus()

    def _chosen(self, edit: bool) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.messages:
            return
        component, name, _body = self.messages[options.highlighted]
        self.dismiss(SavedChoice(component, name, edit))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._chosen(edit=False)

    def action_edit(self) -> None:
        self._chosen(edit=True)

    def action_cancel(self) -> None:
        self.dismiss(None)


async def use_saved(choice: SavedChoice, connections: SceneConnections, bar: SendBar) -> None:
    """Send the chosen message through its component's client, or put it in the send bar."""
    behaviour = connections.behaviour_for(choice.component)
    if not isinstance(behaviour, SavedMessagesBehaviour):
        bar.notify("These saved messages are not running (the scene has no connections).", severity="warning")
        return
    if choice.edit:
        text = behaviour.fill(choice.name)
        if text is None:
            bar.notify("Not filled in: the log says why.", severity="error", markup=False)
            return
        if bar.binary:
            bar.action_toggle_binary()
        bar.input.value = text
        bar.input.cursor_position = len(text)
        bar.input.focus()
    elif behaviour.link is None:
        where = choice.component.path  # notify escapes what it shows
        bar.notify(f"{where} drives no client: set its Client to a slot with a WebsocketClient.", markup=False)
    else:
        await behaviour.send_named(choice.name, behaviour.link)
