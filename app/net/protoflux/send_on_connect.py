"""Send on connect: WebsocketConnectionEvents.OnConnected → (Delay) → WebsocketTextMessageSender.
Runs on every connection, so again after each reconnect; a close during the Delay cancels it."""

from __future__ import annotations

import asyncio

from app.net.behaviours import ClientLink
from app.net.protoflux.base import ProtoFluxBehaviour


class SendOnConnectBehaviour(ProtoFluxBehaviour):
    def connected(self, link: ClientLink) -> None:
        if self.enabled and self.component["Data"]:
            self.spawn(self._send_after_delay(link))

    def disconnected(self, link: ClientLink) -> None:
        self.cancel_tasks()

    async def _send_after_delay(self, link: ClientLink) -> None:
        delay = self.component["Delay"]
        if delay > 0:
            await asyncio.sleep(delay)
        if not (self.enabled and link.connected):
            return
        data = self.message(self.component["Data"], self.component["Binary"])
        if data is not None:
            await self.send(link, data)
