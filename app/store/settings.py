"""User settings (host grants, theme, idle timeout, log limits), TOML in the config directory."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from app.store.atomic import write_atomic

DEFAULT_IDLE_TIMEOUT = 60.0
DEFAULT_MAX_MESSAGE = 4 * 1024 * 1024
DEFAULT_LOG_LIMIT = 100_000
MIN_SECONDS = 0.1  # the shortest idle timeout, as on the command line


@dataclass
class Settings:
    allowed_hosts: list[str] = field(default_factory=list)
    theme: str = "resonite-dark"
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT
    log_limit: int = DEFAULT_LOG_LIMIT
    max_message_bytes: int = DEFAULT_MAX_MESSAGE
    proxy: str = ""
    last_slots: dict[str, str] = field(default_factory=dict)  # scene file → the slot selected at quit

    def to_toml(self) -> str:
        return tomli_w.dumps(
            {
                "allowed_hosts": self.allowed_hosts,
                "theme": self.theme,
                "idle_timeout": self.idle_timeout,
                "log_limit": self.log_limit,
                "max_message_bytes": self.max_message_bytes,
                "proxy": self.proxy,
                "last_slots": self.last_slots,
            }
        )


def _check(key: str, value: Any, problems: list[str]) -> bool:
    checks = {
        "allowed_hosts": lambda v: isinstance(v, list) and all(isinstance(h, str) for h in v),
        "theme": lambda v: isinstance(v, str) and bool(v),
        "idle_timeout": lambda v: isinstance(v, int | float) and not isinstance(v, bool) and MIN_SECONDS <= v < 1e9,
        "log_limit": lambda v: isinstance(v, int) and not isinstance(v, bool) and 100 <= v <= 10_000_000,
        "max_message_bytes": lambda v: isinstance(v, int) and not isinstance(v, bool) and 1024 <= v <= 2**31,
        "proxy": lambda v: isinstance(v, str),
        "last_slots": lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in (*v, *v.values())),
    }
    check = checks.get(key)
    if check is None:
        problems.append(f"unknown setting {key!r} (ignored)")
        return False
    if not check(value):
        problems.append(f"{key} = {value!r} is not valid (using the default)")
        return False
    return True


class SettingsFile:
    """Loads leniently (a bad value falls back to its default) but never overwrites a file it
    could not fully understand: `writable` turns false and the app says so."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self.writable = True

    def load(self) -> Settings:
        settings = Settings()
        if not self.path.exists():
            return settings
        try:
            data = tomllib.loads(self.path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            self.problems.append(f"cannot read it: {exc}")
            self.writable = False
            return settings
        for key, value in data.items():
            if _check(key, value, self.problems):
                setattr(settings, key, float(value) if key == "idle_timeout" else value)
        if self.problems:
            self.writable = False
        return settings

    def save(self, settings: Settings) -> None:
        """Raises OSError on failure, or PermissionError when the file must not be touched."""
        if not self.writable:
            raise PermissionError(f"{self.path} has problems and is left as it is; fix it to save settings")
        write_atomic(self.path, settings.to_toml().encode("utf-8"))
