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

    @classmethod
    def default(cls) -> Paths:
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        )

    @property
    def scene_file(self) -> Path:
        return self.data_dir / "scene.toml"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def export_dir(self) -> Path:
        """Where F9 offers to write an export (the person can type any other path)."""
        return self.data_dir / "exports"

    def describe(self, scene: Path | None = None) -> str:
        """What `--paths` prints: the scene this run would open (`--scene` counts), settings, exports."""
        return "\n".join(
            [
                f"scene:     {(scene.expanduser().absolute() if scene is not None else self.scene_file)}",
                f"settings:  {self.settings_file}",
                f"exports:   {self.export_dir}  (F9 offers it; recordings go where --record says)",
            ]
        )
