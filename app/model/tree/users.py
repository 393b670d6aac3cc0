"""The session's users: the local user (the OS login name) plus the scene's others."""

from __future__ import annotations

import getpass
import os


def login_name() -> str:
    try:
        name = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        name = os.environ.get("USER", "")
    return name or "LocalUser"


class Users:
    def __init__(self, local: str | None = None, others: list[str] | None = None) -> None:
        self.local = local or login_name()
        self.others: list[str] = []
        for name in others or []:
            self.add(name)

    def add(self, name: str) -> None:
        if name and name != self.local and name not in self.others:
            self.others.append(name)

    def all(self) -> list[str]:
        return [self.local, *self.others]
