"""Every file the app reads or writes, in one place (platformdirs; XDG variables honoured)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "ws-inspector"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @classmethod
    def default(cls) -> Paths:
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @property
    def scene_file(self) -> Path:
        return self.data_dir / "scene.toml"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    def describe(self) -> str:
        return "\n".join(
            [
                f"scene:     {self.scene_file}",
                f"settings:  {self.settings_file}",
                f"logs:      {self.log_dir}  (recordings go where --record says)",
            ]
        )
