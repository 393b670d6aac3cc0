"""Host access for tests: a client granted for a run, an asker that answers as the test says."""

from __future__ import annotations

import asyncio

from app.net.host_access import Decision, HostAccess, host_key


class AutoAsker:
    """Answers the host access question the way a test says, counting the questions."""

    def __init__(self, access: HostAccess, decision: Decision | None) -> None:
        self.access = access
        self.decision = decision
        self.asked: list[str] = []
        self.withdrawn: list[str] = []

    def ask(self, host: str) -> None:
        self.asked.append(host)
        if self.decision is not None:
            asyncio.get_running_loop().call_soon(self.access.decide, host, self.decision)

    def withdraw(self, host: str) -> None:
        self.withdrawn.append(host)


def granted(url: str) -> HostAccess:
    access = HostAccess()
    access.grant_for_run(host_key(url))
    return access
