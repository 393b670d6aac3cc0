"""websockets' `connect`, but a redirect to another host stops and says where, so that host
access can be asked for the new host before it is followed."""

from __future__ import annotations

from websockets.asyncio.client import connect

from app.net.host_access import host_key


class CrossHostRedirect(Exception):
    def __init__(self, location: str) -> None:
        super().__init__(f"redirected to {location}")
        self.location = location


class GuardedConnect(connect):
    def process_redirect(self, exc: Exception) -> Exception | str:
        old = self.uri
        result = super().process_redirect(exc)
        if isinstance(result, str) and host_key(result) != host_key(old):
            return CrossHostRedirect(result)
        return result
