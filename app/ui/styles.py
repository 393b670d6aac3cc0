"""Where the .tcss files are: inside the installed package, or `styles/` in a checkout."""

from __future__ import annotations

from pathlib import Path

STYLE_FILES = (
    "app.tcss",
    "inspector.tcss",
    "log.tcss",
    "send.tcss",
    "dialogs.tcss",
)  # one per feature folder of app/ui


def styles_dir() -> Path:
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "styles", package.parent / "styles"):
        if (candidate / STYLE_FILES[0]).is_file():
            return candidate
    raise FileNotFoundError(f"the styles folder is missing (looked in {package} and beside it)")


def style_paths() -> list[Path]:
    folder = styles_dir()
    return [folder / name for name in STYLE_FILES]
