"""Saved messages: no trigger; named messages a person sends from the send bar's picker, filled
in with the same templates as the other behaviours."""

from __future__ import annotations

from app.net.behaviours import ClientLink
from app.net.protoflux.base import ProtoFluxBehaviour


class SavedMessagesBehaviour(ProtoFluxBehaviour):
    def named(self, name: str) -> str | None:
        """The body saved under `name` (the first, if names repeat)."""
        return next((body for saved, body in self.component["Messages"] if saved == name), None)

    def fill(self, name: str) -> str | None:
        """The message `name` with its placeholders filled now; None (logged) when it cannot be."""
        body = self.named(name)
        return self.message(body) if body is not None else None

    async def send_named(self, name: str, link: ClientLink) -> bool:
        data = self.fill(name)
        if data is None:
            return False
        if await link.send(data, by=self.component.path, secrets=self.secrets_in(data)):
            self.status.count_sent()
            return True
        self.status.fail("the last send failed (the log says why)")
        return False
