"""websockets' `connect`, but a redirect to another host stops and says where, so that host
access can be asked for the new host before it is followed."""

from __future__ import annotations

from app.internals.websockets_parts import RedirectCheckedConnect
from app.net.host_access import host_key


class CrossHostRedirect(Exception):
    def __init__(self, location: str) -> None:
        super().__init__(f"redirected to {location}")
        self.location = location


class GuardedConnect(RedirectCheckedConnect):
    def check_redirect(self, old: str, new: str) -> Exception | None:
        return CrossHostRedirect(new) if host_key(new) != host_key(old) else None
