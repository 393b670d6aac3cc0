"""Send periodically: a timer that drives WebsocketTextMessageSender every Interval while the
client is connected. It stops on OnDisconnected and starts again on OnConnected; a new Interval
or Enabled, or its slot switched off or on, takes effect at once."""

from __future__ import annotations

import asyncio
from typing import Any

from app.model import Component
from app.net.behaviours import ClientLink
from app.net.protoflux.base import ProtoFluxBehaviour

RESTART_ON = ("Enabled", "Interval")


class SendPeriodicallyBehaviour(ProtoFluxBehaviour):
    _link: ClientLink | None = None
    _was_enabled = False  # as `enabled` was at the last (re)start

    @property  # type: ignore[override]
    def link(self) -> ClientLink | None:
        return self._link

    @link.setter
    def link(self, link: ClientLink | None) -> None:
        """Wired to a client (attached, or its Client changed): start now if it is connected."""
        if link is self._link:
            return
        self._link = link
        self._restart()

    def connected(self, link: ClientLink) -> None:
        self._restart()

    def disconnected(self, link: ClientLink) -> None:
        self.cancel_tasks()

    def _field_changed(self, component: Component, name: str, old: Any, new: Any) -> None:
        if name in RESTART_ON:
            self._restart()

    def hierarchy_changed(self) -> None:
        if self.enabled != self._was_enabled:  # its slot (or one above) switched off or on
            self._restart()

    def _restart(self) -> None:
        self.cancel_tasks()
        self._was_enabled = self.enabled
        link = self._link
        if link is not None and link.connected and self.enabled:
            self.spawn(self._tick(link))

    async def _tick(self, link: ClientLink) -> None:
        while link.connected and self.enabled:
            await asyncio.sleep(self.component["Interval"])
            if not link.connected or not self.enabled:
                return
            if self.component["Data"]:
                data = self.message(self.component["Data"], self.component["Binary"])
                if data is not None:
                    await self.send(link, data)
