"""Which client the send bar, /connect, /disconnect and the palette's Connect act on: in the
selected slot, the one whose card the person last worked in (or just duplicated), else the first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget

from app.model import WebsocketClient
from app.net.connection.worker import ConnectionWorker
from app.ui.inspector.component_card import ComponentCard
from app.ui.log.format import short_client
from app.ui.send.send_bar import SendBar

if TYPE_CHECKING:
    from app.ui.screens.live_screen import LiveScreen


class SendTarget:
    def __init__(self, screen: LiveScreen) -> None:
        self.screen = screen
        self.aimed: WebsocketClient | None = None

    def client(self) -> WebsocketClient | None:
        slot = self.screen.selected_slot()
        if self.aimed is not None and self.aimed.slot is slot:
            return self.aimed
        return next((c for c in slot.components if isinstance(c, WebsocketClient)), None)

    def aim(self, client: WebsocketClient) -> None:
        if client is not self.aimed:
            self.aimed = client
            self.show()

    def follow_focus(self, widget: Widget) -> None:
        """Working in a card (any of its fields or buttons) aims the send bar at its client."""
        card = next((a for a in widget.ancestors_with_self if isinstance(a, ComponentCard)), None)
        if card is not None and isinstance(card.component, WebsocketClient):
            self.aim(card.component)

    def worker(self) -> ConnectionWorker | None:
        client = self.client()
        worker = self.screen.session.connections.worker_for(client) if client is not None else None
        if worker is None:
            self.screen.notify("Select a slot with a WebsocketClient first.", severity="warning", markup=False)
        return worker

    def show(self) -> None:
        client = self.client()
        for bar in self.screen.query(SendBar):  # none while the app shuts down
            bar.set_target(short_client(client.path) if client is not None else None)
